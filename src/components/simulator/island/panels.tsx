/** What the playground and the embeds share: the panel names, the views by id, keyboard shortcuts. */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ViewModel } from "./model";
import type { Lane, Sim } from "./store";
import type { TabDef } from "./ui";

export type ViewId = "cores" | "threads" | "caps" | "ipc" | "memory" | "console" | "trace";
export type PanelId = ViewId | "program" | "breakpoints";

export const PANEL_TITLES: Record<PanelId, string> = {
  program: "Program",
  breakpoints: "Breakpoints",
  cores: "Cores",
  threads: "Threads",
  caps: "Capabilities",
  ipc: "IPC and IRQs",
  memory: "Memory",
  console: "Console",
  trace: "Trace",
};

export interface ScenarioChoiceProps {
  /** The site's base path, ending in "/". */
  readonly base: string;
}

interface AnyViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
  compact: boolean;
}

/** Each view is its own chunk: an embed loads the code of the panels it shows, no more. */
const LOADERS: Record<ViewId, () => Promise<{ default: ComponentType<AnyViewProps> }>> = {
  cores: () => import("./views/cores"),
  threads: () => import("./views/threads"),
  caps: () => import("./views/caps"),
  ipc: () => import("./views/ipc"),
  memory: () => import("./views/memory"),
  console: () => import("./views/console"),
  trace: () => import("./trace"),
};
const loaded = new Map<ViewId, ComponentType<AnyViewProps>>();

function View(props: AnyViewProps & { id: ViewId }) {
  const [, setReady] = useState(0);
  const C = loaded.get(props.id);
  useEffect(() => {
    if (C) return;
    void LOADERS[props.id]().then((m) => {
      loaded.set(props.id, m.default);
      setReady((n) => n + 1);
    });
  }, [props.id, C]);
  return C ? <C {...props} /> : <p class="sim-loading">Loading…</p>;
}

/** A view as a tab; it repaints with `lane` during a full-speed run (Sim.shown). */
export function viewTab(id: ViewId, sim: Sim, base: string, compact: boolean, lane: Lane = 1): TabDef {
  return {
    id,
    title: PANEL_TITLES[id],
    render: () => {
      const model = sim.shown(lane);
      if (!model)
        return <p class="sim-loading">{sim.loaded.value ? "Not running." : "Loading the simulator…"}</p>;
      return (
        <View
          id={id}
          sim={sim}
          model={model}
          changed={sim.shownChanges(lane)}
          base={base}
          compact={compact}
        />
      );
    },
  };
}

/** Whether focus is somewhere that owns the keys (text, lists, sliders, tabs): shortcuts stand aside. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  if (el.closest("input, textarea, select, [contenteditable], [role=grid], [role=tablist], dialog"))
    return true;
  return key === " " && !!el.closest("button, a, summary");
}

/**
 * Space runs or pauses, the arrows step and step back; `?` calls `help`. On the playground the keys work
 * anywhere on the page, in an embed only with the focus inside it.
 */
export function useShortcuts(
  sim: Sim,
  scope: { current: HTMLElement | null } | null,
  help?: () => void,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target, e.key)) return;
      if (e.key === " ") sim.toggleRun();
      else if (e.key === "ArrowRight") sim.step();
      else if (e.key === "ArrowLeft") sim.stepBack();
      else if (e.key === "?" && help) help();
      else return;
      e.preventDefault();
    };
    const target: HTMLElement | Document | null = scope ? scope.current : document;
    target?.addEventListener("keydown", onKey as EventListener);
    return () => {
      sim.stop();
      target?.removeEventListener("keydown", onKey as EventListener);
    };
  }, []);
}

export function LiveRegion({ sim }: { sim: Sim }) {
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true">
      {sim.announcement.value}
    </div>
  );
}
