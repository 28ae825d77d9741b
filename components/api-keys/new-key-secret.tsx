"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { CreatedApiKey } from "@/lib/contracts/api-keys";

type CopyOutcome = "copied" | "selected" | null;

/**
 * The clipboard API where the page may use it; else the older copy command on the selected
 * field; else the text stays selected for the person to copy by hand.
 */
async function copySecret(text: string, field: HTMLInputElement): Promise<Exclude<CopyOutcome, null>> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return "copied";
    }
  } catch {
    // Refused (no permission, document not focused): fall back below.
  }
  field.focus();
  field.select();
  try {
    if (document.execCommand("copy")) return "copied";
  } catch {
    // Not supported: the selection is the fallback.
  }
  return "selected";
}

/** The secret of the key just created: shown once, with a copy button and the warning. */
export function NewKeySecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome>(null);
  // The panel appears where the person was not looking: take focus there so it is read out.
  useEffect(() => heading.current?.focus(), [created.id]);

  return (
    <section className="panel secret-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Key “{created.name}” created
      </h2>
      <p className="secret-warning">
        <strong>Copy this key now: it will not be shown again.</strong> It is stored only as a hash; if you
        lose it, revoke it and create another.
      </p>
      <div className="field">
        <label htmlFor={`${id}-secret`}>Your new API key</label>
        <div className="secret-row">
          <input
            ref={field}
            id={`${id}-secret`}
            className="secret"
            value={created.key}
            readOnly
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="button"
            onClick={async () => field.current && setOutcome(await copySecret(created.key, field.current))}
          >
            Copy
          </button>
        </div>
      </div>
      <p className="status-line" role="status">
        {outcome === "copied" && "Copied to the clipboard."}
        {outcome === "selected" &&
          "Could not copy automatically: the key is selected, press Ctrl+C (⌘C) to copy it."}
      </p>
      <p className="hint">
        Send it in the <code>Authorization: Bearer …</code> header of each request.
      </p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
