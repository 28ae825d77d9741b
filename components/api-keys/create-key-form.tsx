"use client";

import type { CreatedApiKey } from "@/lib/contracts/api-keys";
import { useId, useState } from "react";
import { ErrorAlert } from "@/components/user-metrics/states";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/lib/contracts/api-keys-constants";
import { useCreateApiKey } from "@/lib/hooks";
import { EXPIRY_CHOICES, expiryDays, SCOPE_DESCRIPTIONS, scopeRefusal, type ExpiryChoice } from "./scopes";

/**
 * Name, scopes and expiry of a new key. Scopes the viewer's role does not hold are shown but
 * disabled, with the reason. The created key (with its secret) goes to `onCreated`, never to a cache.
 */
export function CreateKeyForm({
  companyId,
  role,
  grantableScopes,
  onCreated,
}: {
  companyId: string;
  role: string | null;
  grantableScopes: readonly ApiKeyScope[];
  onCreated: (created: CreatedApiKey) => void;
}) {
  const id = useId();
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  // Least privilege by default: reading is what most integrations need.
  const [scopes, setScopes] = useState<ApiKeyScope[]>(
    grantableScopes.includes("metrics:read") ? ["metrics:read"] : [],
  );
  const [expiry, setExpiry] = useState<ExpiryChoice>("90");
  const fieldErrors = create.error?.errors ?? {};

  function toggle(scope: ApiKeyScope, checked: boolean) {
    // Kept in the contract's order, so the body reads the same whatever the clicking order.
    setScopes((current) => API_KEY_SCOPES.filter((s) => (s === scope ? checked : current.includes(s))));
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { companyId, name, scopes, expires_in_days: expiryDays(expiry) },
      {
        onSuccess: (created) => {
          setName("");
          onCreated(created);
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <form className="key-form" onSubmit={submit}>
        <h2 id={`${id}-title`}>Create a key</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            autoComplete="off"
            aria-describedby={`${id}-name-hint`}
            aria-invalid={fieldErrors.name ? true : undefined}
          />
          <span id={`${id}-name-hint`} className="hint">
            What uses the key, so you can recognise it later (up to 100 characters).
          </span>
        </div>
        <fieldset className="scope-list" aria-invalid={fieldErrors.scopes ? true : undefined}>
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((scope) => {
            const grantable = grantableScopes.includes(scope);
            const hint = `${id}-${scope}-hint`;
            return (
              <div key={scope} className={grantable ? "scope" : "scope disabled"}>
                <input
                  type="checkbox"
                  id={`${id}-${scope}`}
                  name="scopes"
                  value={scope}
                  checked={scopes.includes(scope)}
                  disabled={!grantable}
                  onChange={(e) => toggle(scope, e.target.checked)}
                  aria-describedby={hint}
                />
                <label htmlFor={`${id}-${scope}`}>
                  <code>{scope}</code>
                  <span id={hint} className="hint">
                    {SCOPE_DESCRIPTIONS[scope]}
                    {!grantable && <> — {scopeRefusal(role)}</>}
                  </span>
                </label>
              </div>
            );
          })}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expires</label>
          <select
            id={`${id}-expiry`}
            value={expiry}
            onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        {create.isError && <ErrorAlert error={create.error} title="Could not create the key." />}
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </button>
        </div>
      </form>
    </section>
  );
}
