"use client";

import { useEffect, useRef } from "react";
import { ErrorAlert } from "@/components/user-metrics/states";
import type { ApiKey } from "@/lib/contracts/api-keys";
import { useRevokeApiKey } from "@/lib/hooks";
import { maskedKey } from "./scopes";

/**
 * The confirmation before a revoke, as a native modal <dialog>: focus moves in (to Cancel, the
 * safe choice), the browser keeps it there and makes the page behind inert, and Escape cancels.
 */
export function RevokeDialog({
  companyId,
  target,
  onClose,
  onRevoked,
}: {
  companyId: string;
  target: ApiKey | null;
  onClose: () => void;
  onRevoked: (key: ApiKey) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const revoke = useRevokeApiKey();
  const { reset } = revoke;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (target && !element.open) {
      reset();
      element.showModal();
      // React's autoFocus runs before the dialog is open; say where focus goes once it is.
      cancel.current?.focus();
    } else if (!target && element.open) {
      element.close();
    }
  }, [target, reset]);

  function confirm() {
    if (!target) return;
    revoke.mutate({ companyId, keyId: target.id }, { onSuccess: () => onRevoked(target) });
  }

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="revoke-title"
      aria-describedby="revoke-description"
      // Escape (and the close that follows) ends the dialog, except while the revoke is on its way.
      onCancel={(e) => {
        if (revoke.isPending) e.preventDefault();
      }}
      onClose={onClose}
    >
      {target && (
        <div className="dialog-body">
          <h2 id="revoke-title">Revoke this API key?</h2>
          <p id="revoke-description">
            <strong>{target.name}</strong> (<code>{maskedKey(target.prefix)}</code>) stops working at once:
            every request made with it is refused. This cannot be undone.
          </p>
          {revoke.isError && <ErrorAlert error={revoke.error} title="Could not revoke the key." />}
          <div className="actions dialog-actions">
            {/* Focused on opening: Enter right after does not revoke anything. */}
            <button
              ref={cancel}
              type="button"
              className="button"
              onClick={onClose}
              disabled={revoke.isPending}
            >
              Cancel
            </button>
            <button type="button" className="button danger" onClick={confirm} disabled={revoke.isPending}>
              {revoke.isPending ? "Revoking…" : "Revoke key"}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
