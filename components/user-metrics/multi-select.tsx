"use client";

import { useEffect, useId, useRef, useState } from "react";

export type Choice = {
  value: string;
  label: string;
  /** Shown beside the label in parentheses: how many members have it. */
  count?: number;
};

/**
 * Several values of one filter: a button saying what is chosen, opening a group of checkboxes
 * under it. Tab reaches the button, Enter or Space opens it, Tab moves through the boxes and Space
 * ticks one; Escape closes it back onto the button, and it closes when focus or a click leaves it.
 */
export function MultiSelect({
  id,
  label,
  allLabel,
  choices,
  selected,
  onChange,
  align = "start",
}: {
  id: string;
  label: string;
  /** What the button says when nothing is ticked (nothing ticked = no filter). */
  allLabel: string;
  choices: Choice[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** The side the panel lines up with: "end" for a field near the right edge. */
  align?: "start" | "end";
}) {
  const [open, setOpen] = useState(false);
  // The URL changes a moment after a tick (the router's transition): the boxes show the tick at
  // once, and take the URL's values again whenever those change.
  const [ticked, setTicked] = useState(selected);
  const [seen, setSeen] = useState(selected.join("\n"));
  if (selected.join("\n") !== seen) {
    setSeen(selected.join("\n"));
    setTicked(selected);
  }
  const tick = (values: string[]) => {
    setTicked(values);
    onChange(values);
  };
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const labelId = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  // A value ticked in the URL but not offered (yet) still shows, so it can be unticked.
  const shown: Choice[] = [
    ...choices,
    ...ticked.filter((v) => !choices.some((c) => c.value === v)).map((v) => ({ value: v, label: v })),
  ];
  const summary =
    ticked.length === 0
      ? allLabel
      : shown
          .filter((c) => ticked.includes(c.value))
          .map((c) => c.label)
          .join(", ");

  return (
    <div
      ref={root}
      className="field multi-select"
      onBlur={(e) => {
        if (!root.current?.contains(e.relatedTarget)) setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <span className="field-label" id={labelId}>
        {label}
      </span>
      <button
        ref={button}
        id={id}
        type="button"
        className="multi-select-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${labelId} ${id}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="multi-select-summary">{summary}</span>
        <span aria-hidden="true">▾</span>
      </button>
      <fieldset id={`${id}-panel`} className="multi-select-panel" data-align={align} hidden={!open}>
        <legend className="visually-hidden">{label}</legend>
        {shown.length === 0 && <p className="muted">No choices yet.</p>}
        {shown.map((choice) => (
          <label key={choice.value} className="check">
            <input
              type="checkbox"
              checked={ticked.includes(choice.value)}
              onChange={(e) =>
                tick(e.target.checked ? [...ticked, choice.value] : ticked.filter((v) => v !== choice.value))
              }
            />
            <span>{choice.label}</span>
            {choice.count !== undefined && <span className="check-note">({choice.count})</span>}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
