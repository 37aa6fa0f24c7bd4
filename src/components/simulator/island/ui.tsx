/** Small shared pieces: tabs with the ARIA tabs pattern, change marks, error explanations. */
import type { ComponentChildren, JSX } from "preact";
import { useRef } from "preact/hooks";
import type { ErrorView } from "./model";

export interface TabDef {
  readonly id: string;
  readonly title: string;
  readonly render: () => JSX.Element;
}

export function Tabs(props: {
  label: string;
  idPrefix: string;
  tabs: readonly TabDef[];
  active: string;
  onSelect: (id: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const active = props.tabs.find((t) => t.id === props.active) ?? props.tabs[0];
  if (!active) return null;
  const onKey = (e: KeyboardEvent) => {
    const i = props.tabs.findIndex((t) => t.id === active.id);
    const n = props.tabs.length;
    const to =
      e.key === "ArrowRight"
        ? (i + 1) % n
        : e.key === "ArrowLeft"
          ? (i - 1 + n) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const t = props.tabs[to];
    if (!t) return;
    props.onSelect(t.id);
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLElement>(`#${props.idPrefix}-tab-${t.id}`)?.focus(),
    );
  };
  return (
    <div class="sim-tabs">
      <div role="tablist" aria-label={props.label} class="sim-tablist" ref={list} onKeyDown={onKey}>
        {props.tabs.map((t) => (
          <button
            type="button"
            role="tab"
            key={t.id}
            id={`${props.idPrefix}-tab-${t.id}`}
            aria-selected={t.id === active.id}
            aria-controls={`${props.idPrefix}-panel`}
            tabIndex={t.id === active.id ? 0 : -1}
            onClick={() => props.onSelect(t.id)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${props.idPrefix}-panel`}
        aria-labelledby={`${props.idPrefix}-tab-${active.id}`}
        class="sim-tabpanel"
      >
        {active.render()}
      </div>
    </div>
  );
}

/** A value that changed in the last step: marked visually and by a hidden word for screen readers. */
export function Val(props: { k: string; changed: ReadonlySet<string>; children: ComponentChildren }) {
  const on = props.changed.has(props.k);
  return (
    <span class={on ? "sim-changed" : undefined}>
      {props.children}
      {on && <span class="sr-only"> (changed)</span>}
    </span>
  );
}

export function ErrorNote(props: { error: ErrorView; base: string }) {
  const e = props.error;
  return (
    <p class="sim-error-note">
      <strong>
        SYS_{e.syscall} returned {e.name}
      </strong>
      : <code>{e.hex}</code> = <code>{e.signed}</code>. {capitalize(e.meaning)}.{" "}
      <a href={`${props.base}reference/syscalls/#${e.anchor}`}>SYS_{e.syscall} in the reference</a>
      {" · "}
      <a href={`${props.base}reference/errors/`}>all error values</a>
    </p>
  );
}

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function Section(props: { title: string; children: ComponentChildren }) {
  return (
    <div class="sim-section">
      <p class="sim-section-title">{props.title}</p>
      {props.children}
    </div>
  );
}
