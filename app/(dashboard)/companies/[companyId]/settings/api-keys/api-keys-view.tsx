"use client";

import { useEffect, useRef, useState } from "react";
import { ApiKeysHeading } from "@/components/api-keys/api-keys-heading";
import { CreateKeyForm } from "@/components/api-keys/create-key-form";
import { KeysTable } from "@/components/api-keys/keys-table";
import { NewKeySecret } from "@/components/api-keys/new-key-secret";
import { RevokeDialog } from "@/components/api-keys/revoke-dialog";
import type { ApiKey, ApiKeyScope, CreatedApiKey } from "@/lib/contracts/api-keys";

/**
 * The API keys page: the form, the secret of the key just created (in this component's state
 * only, gone on leaving the page), the live keys, and the revoke confirmation.
 */
export function ApiKeysView({
  companyId,
  role,
  grantableScopes,
}: {
  companyId: string;
  role: string | null;
  grantableScopes: ApiKeyScope[];
}) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [target, setTarget] = useState<ApiKey | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [revokedCount, setRevokedCount] = useState(0);
  const keysHeading = useRef<HTMLHeadingElement>(null);

  // The revoked row and its button are gone: once the dialog has closed, land on the list.
  useEffect(() => {
    if (revokedCount > 0) keysHeading.current?.focus();
  }, [revokedCount]);

  return (
    <>
      <ApiKeysHeading />
      <p className="status-line" role="status">
        {announcement}
      </p>
      {created && (
        <NewKeySecret
          created={created}
          onDone={() => {
            setCreated(null);
            keysHeading.current?.focus();
          }}
        />
      )}
      <CreateKeyForm
        companyId={companyId}
        role={role}
        grantableScopes={grantableScopes}
        onCreated={(key) => {
          setAnnouncement("");
          setCreated(key);
        }}
      />
      <KeysTable companyId={companyId} onRevoke={setTarget} headingRef={keysHeading} />
      <RevokeDialog
        companyId={companyId}
        target={target}
        onClose={() => setTarget(null)}
        onRevoked={(key) => {
          setTarget(null);
          if (created?.id === key.id) setCreated(null);
          setAnnouncement(`Key “${key.name}” revoked: the API now refuses it.`);
          setRevokedCount((n) => n + 1);
        }}
      />
    </>
  );
}
