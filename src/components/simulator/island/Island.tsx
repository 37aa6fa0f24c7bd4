/**
 * The simulator island in its two forms: the full playground and the compact embed. The first paint is
 * this shell; the engine (runtime.ts) and the editor load right after, each in its own chunk.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { BreakpointsPanel, Controls, Status, Timeline } from "./controls";
import { ProgramPanel } from "./program";
import { type ScenarioChoice, Sim } from "./store";
import { TraceView } from "./trace";
import { type TabDef, Tabs } from "./ui";
import { CapsView, ConsoleView, CoresView, IpcView, MemoryView, ThreadsView } from "./views";

export type PanelId = "program" | "breakpoints" | "cores" | "threads" | "caps" | "ipc" | "memory" | "console" | "trace";

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

interface Props {
  mode: "playground" | "embed";
  scenario: string;
  panels?: readonly PanelId[];
  scenarios: readonly ScenarioChoice[];
  syscalls: readonly string[];
  /** The site's base path, ending in "/". */
  base: string;
}

const REGIONS: Record<string, readonly PanelId[]> = {
  left: ["program", "breakpoints"],
  right: ["threads", "cores", "caps", "ipc", "memory"],
  bottom: ["trace", "console"],
};

/** Whether focus is somewhere that owns the keys (text, lists, sliders, tabs): shortcuts stand aside. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  if (el.closest("input, textarea, select, [contenteditable], [role=grid], [role=tablist], dialog")) return true;
  return key === " " && !!el.closest("button, a, summary");
}

export default function Simulator(props: Props) {
  const sim = useMemo(() => new Sim(props.scenarios, props.mode === "playground"), []);
  const root = useRef<HTMLDivElement>(null);
  const help = useRef<HTMLDialogElement>(null);
  const [narrow, setNarrow] = useState(false);
  const [active, setActive] = useState<Record<string, string>>({});
  const playground = props.mode === "playground";

  useEffect(() => {
    if (playground) void sim.openFromLocation(props.scenario, true);
    else void sim.load().then(() => sim.openBuiltin(props.scenario));
    const mq = matchMedia("(max-width: 50rem)");
    const update = () => setNarrow(mq.matches);
    update();
    mq.addEventListener("change", update);
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target, e.key)) return;
      if (!playground && !root.current?.contains(e.target as Node)) return;
      if (e.key === " ") sim.toggleRun();
      else if (e.key === "ArrowRight") sim.step();
      else if (e.key === "ArrowLeft") sim.stepBack();
      else if (e.key === "?" && playground) help.current?.showModal();
      else return;
      e.preventDefault();
    };
    const target = playground ? document : root.current;
    target?.addEventListener("keydown", onKey as EventListener);
    const onHash = () => {
      if (playground && location.hash.startsWith("#share=")) void sim.openFromLocation(props.scenario, true);
    };
    window.addEventListener("hashchange", onHash);
    return () => {
      sim.stop();
      mq.removeEventListener("change", update);
      target?.removeEventListener("keydown", onKey as EventListener);
      window.removeEventListener("hashchange", onHash);
    };
  }, []);

  const model = sim.model.value;
  const changed = sim.changed.value;
  const session = sim.session.value;
  const cores = session?.config.cores ?? 1;
  const viewProps = model ? { sim, model, changed, base: props.base } : null;

  const render = (id: PanelId): TabDef => ({
    id,
    title: PANEL_TITLES[id],
    render: () => {
      if (id === "program") return <ProgramPanel sim={sim} model={model} />;
      if (id === "breakpoints") return <BreakpointsPanel sim={sim} syscalls={props.syscalls} />;
      if (!viewProps) return <p class="sim-loading">{sim.loaded.value ? "Not running." : "Loading the simulator…"}</p>;
      switch (id) {
        case "cores":
          return <CoresView {...viewProps} />;
        case "threads":
          return <ThreadsView {...viewProps} />;
        case "caps":
          return <CapsView {...viewProps} />;
        case "ipc":
          return <IpcView {...viewProps} />;
        case "memory":
          return <MemoryView {...viewProps} />;
        case "console":
          return <ConsoleView {...viewProps} />;
        default:
          return <TraceView sim={sim} model={viewProps.model} compact={!playground} />;
      }
    },
  });

  const group = (key: string, ids: readonly PanelId[], label: string) => (
    <Tabs
      key={key}
      label={label}
      idPrefix={`sim-${props.mode}-${props.scenario}-${key}`}
      tabs={ids.map(render)}
      active={active[key] ?? ids[0] ?? ""}
      onSelect={(id) => setActive({ ...active, [key]: id })}
    />
  );

  const live = (
    <div class="sr-only" aria-live="polite" aria-atomic="true">
      {sim.announcement.value}
    </div>
  );

  if (!playground) {
    const panels = props.panels && props.panels.length > 0 ? props.panels : (["cores", "trace"] as const);
    return (
      <div class="sim sim--embed not-content" ref={root}>
        <div class="sim-embed-head">
          <p class="sim-embed-title">
            <strong>Simulator:</strong> {sim.scenarioTitle.value || props.scenario}{" "}
            <span class="sim-badge">{sim.profile.value}</span>
          </p>
          <EmbedLink sim={sim} base={props.base} scenario={props.scenario} />
        </div>
        <Controls sim={sim} model={model} cores={cores} />
        <Timeline sim={sim} model={model} />
        <Status sim={sim} model={model} base={props.base} />
        {panels.length === 1 ? render(panels[0] as PanelId).render() : group("embed", panels, "Simulator views")}
        {live}
      </div>
    );
  }

  return (
    <div class="sim sim--playground not-content" ref={root}>
      {sim.alert.value && (
        <div class="sim-alert" role="alert">
          <p>{sim.alert.value}</p>
          <button type="button" onClick={() => (sim.alert.value = null)}>
            Dismiss
          </button>
        </div>
      )}
      {!sim.alert.value && <div role="alert" class="sr-only" />}
      <ScenarioBar sim={sim} helpRef={help} />
      <div class="sim-sticky">
        <Controls sim={sim} model={model} cores={cores} />
        <Timeline sim={sim} model={model} />
      </div>
      <Status sim={sim} model={model} base={props.base} />
      {narrow ? (
        <div class="sim-regions sim-regions--one">
          {group("all", [...(REGIONS.left ?? []), ...(REGIONS.right ?? []), ...(REGIONS.bottom ?? [])], "Panels")}
        </div>
      ) : (
        <div class="sim-regions">
          <div class="sim-region sim-region--left">{group("left", REGIONS.left ?? [], "Program panels")}</div>
          <div class="sim-region sim-region--right">{group("right", REGIONS.right ?? [], "Machine views")}</div>
          <div class="sim-region sim-region--bottom">{group("bottom", REGIONS.bottom ?? [], "Trace and console")}</div>
        </div>
      )}
      <dialog ref={help} class="sim-help" aria-labelledby="sim-help-title">
        <h2 id="sim-help-title">Keyboard shortcuts</h2>
        <ShortcutList />
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
      {live}
    </div>
  );
}

export function ShortcutList() {
  return (
    <dl class="sim-shortcuts">
      <dt>
        <kbd>Space</kbd>
      </dt>
      <dd>Run or pause</dd>
      <dt>
        <kbd>→</kbd>
      </dt>
      <dd>Step one instruction</dd>
      <dt>
        <kbd>←</kbd>
      </dt>
      <dd>Step back</dd>
      <dt>
        <kbd>?</kbd>
      </dt>
      <dd>This help</dd>
      <dt>
        <kbd>Tab</kbd>, <kbd>Escape</kbd>
      </dt>
      <dd>Leave the program editor</dd>
    </dl>
  );
}

function ScenarioBar({ sim, helpRef }: { sim: Sim; helpRef: { current: HTMLDialogElement | null } }) {
  const file = useRef<HTMLInputElement>(null);
  const ready = sim.loaded.value;
  const id = sim.scenarioId.value;
  const share = sim.shareLink.value;
  return (
    <div class="sim-scenario-bar">
      <div class="sim-row">
        <label>
          Scenario{" "}
          <select
            value={id}
            disabled={!ready}
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              if (v !== "custom") {
                sim.openBuiltin(v);
                const url = new URL(location.href);
                url.search = `?scenario=${v}&profile=${sim.profile.value}`;
                url.hash = "";
                history.replaceState(null, "", url);
              }
            }}
          >
            {id === "custom" && <option value="custom">{sim.scenarioTitle.value} (from a file or link)</option>}
            {sim.scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title} ({s.id})
              </option>
            ))}
          </select>
        </label>
        <fieldset class="sim-profile">
          <legend>Kernel</legend>
          {(["as-built", "design"] as const).map((p) => (
            <label key={p}>
              <input
                type="radio"
                name="sim-profile"
                value={p}
                checked={sim.profile.value === p}
                disabled={!ready}
                onChange={() => sim.setProfile(p)}
              />{" "}
              {p === "as-built" ? "as built (3833797)" : "design"}
            </label>
          ))}
        </fieldset>
      </div>
      <div class="sim-row sim-buttons">
        <button type="button" disabled={!ready} onClick={() => file.current?.click()}>
          Load scenario file
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          class="sr-only"
          tabIndex={-1}
          aria-label="Scenario file to load"
          onChange={async (e) => {
            const input = e.target as HTMLInputElement;
            const f = input.files?.[0];
            if (f) sim.loadFile(await f.text(), f.name);
            input.value = "";
          }}
        />
        <button
          type="button"
          disabled={!sim.session.value && !sim.edited}
          onClick={() => {
            const out = sim.scenarioFile();
            if (!out) return;
            const a = document.createElement("a");
            a.href = URL.createObjectURL(new Blob([out.text], { type: "application/json" }));
            a.download = out.name;
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 1000);
          }}
        >
          Save scenario file
        </button>
        <button type="button" disabled={!sim.session.value} onClick={() => void sim.share()}>
          Share link
        </button>
        <button type="button" disabled={!sim.edited} onClick={() => sim.restoreOriginal()}>
          Restore original programs
        </button>
        {sim.canUndo && (
          <button type="button" onClick={() => sim.undoRestore()}>
            Undo restore
          </button>
        )}
        <button type="button" disabled={!sim.session.value} onClick={() => sim.findDivergence()}>
          Where do as-built and design part?
        </button>
        <button type="button" aria-keyshortcuts="?" onClick={() => helpRef.current?.showModal()}>
          Keyboard shortcuts
        </button>
      </div>
      {sim.notice.value && (
        <p class="sim-notice" role="status">
          {sim.notice.value}
        </p>
      )}
      {share && (
        <p class="sim-share">
          <label>
            Share link{share.long ? " (long: some chat apps cut links near 2,000 characters)" : ""}{" "}
            <input type="text" readOnly value={share.url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
        </p>
      )}
    </div>
  );
}

function EmbedLink({ sim, base, scenario }: { sim: Sim; base: string; scenario: string }) {
  const plain = `${base}simulator/playground/?scenario=${encodeURIComponent(sim.scenarioId.value || scenario)}&profile=${sim.profile.value}`;
  const [href, setHref] = useState(plain);
  const tick = sim.model.value?.tick ?? 0;
  const running = sim.running.value;
  useEffect(() => {
    if (running) return;
    let live = true;
    void sim.playgroundFragment().then((f) => {
      if (live) setHref(f ? `${plain}${f}` : plain);
    });
    return () => {
      live = false;
    };
  }, [tick, running, plain]);
  return (
    <a class="sim-open" href={href}>
      Open in playground
    </a>
  );
}
