/**
 * The full playground: scenario picker, kernel switch, files and share links, the program editor and
 * breakpoints, every view. The first paint is this shell; the engine (runtime.ts) and the editor load
 * right after, each in its own chunk.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { BreakpointsPanel } from "./breakpoints";
import { Controls, Status, Timeline } from "./controls";
import { LiveRegion, PANEL_TITLES, type PanelId, useShortcuts, type ViewId, viewTab } from "./panels";
import { PlaygroundSim } from "./playground-store";
import { ProgramPanel } from "./program";
import type { Lane, ScenarioChoice } from "./store";
import { type TabDef, Tabs } from "./ui";

interface Props {
  scenario: string;
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
/** Each region repaints in its own turn during a full-speed run. */
const REGION_LANE: Record<string, Lane> = { left: 0, right: 1, bottom: 2, all: 0 };

export default function Playground(props: Props) {
  const sim = useMemo(() => new PlaygroundSim(props.scenarios), []);
  const help = useRef<HTMLDialogElement>(null);
  const [narrow, setNarrow] = useState(false);
  const [active, setActive] = useState<Record<string, string>>({});
  useShortcuts(sim, null, () => help.current?.showModal());

  useEffect(() => {
    void sim.openFromLocation(props.scenario, true);
    const mq = matchMedia("(max-width: 50rem)");
    const update = () => setNarrow(mq.matches);
    update();
    mq.addEventListener("change", update);
    const onHash = () => {
      if (location.hash.startsWith("#share=")) void sim.openFromLocation(props.scenario, true);
    };
    window.addEventListener("hashchange", onHash);
    return () => {
      mq.removeEventListener("change", update);
      window.removeEventListener("hashchange", onHash);
    };
  }, []);

  const cores = sim.session.value?.scenario.machine.cores ?? 1;
  const tab = (id: PanelId, lane: Lane): TabDef => {
    if (id === "program")
      return {
        id,
        title: PANEL_TITLES[id],
        render: () => <ProgramPanel sim={sim} model={sim.shown(lane)} />,
      };
    if (id === "breakpoints")
      return {
        id,
        title: PANEL_TITLES[id],
        render: () => <BreakpointsPanel sim={sim} syscalls={props.syscalls} />,
      };
    return viewTab(id as ViewId, sim, props.base, false, lane);
  };
  const group = (key: string, ids: readonly PanelId[], label: string) => (
    <Tabs
      key={key}
      label={label}
      idPrefix={`sim-${key}`}
      tabs={ids.map((id) => tab(id, REGION_LANE[key] ?? 0))}
      active={active[key] ?? ids[0] ?? ""}
      onSelect={(id) => setActive({ ...active, [key]: id })}
    />
  );

  return (
    <div class="sim sim--playground not-content">
      {sim.alert.value && (
        <div class="sim-alert" role="alert">
          <p>{sim.alert.value}</p>
          <button type="button" onClick={() => (sim.alert.value = null)}>
            Dismiss
          </button>
        </div>
      )}
      <ScenarioBar sim={sim} helpRef={help} />
      <div class="sim-sticky">
        <Controls sim={sim} cores={cores} />
        <Timeline sim={sim} />
      </div>
      <Status sim={sim} base={props.base} />
      {narrow ? (
        <div class="sim-regions sim-regions--one">
          {group(
            "all",
            [...(REGIONS.left ?? []), ...(REGIONS.right ?? []), ...(REGIONS.bottom ?? [])],
            "Panels",
          )}
        </div>
      ) : (
        <div class="sim-regions">
          <div class="sim-region sim-region--left">{group("left", REGIONS.left ?? [], "Program panels")}</div>
          <div class="sim-region sim-region--right">
            {group("right", REGIONS.right ?? [], "Machine views")}
          </div>
          <div class="sim-region sim-region--bottom">
            {group("bottom", REGIONS.bottom ?? [], "Trace and console")}
          </div>
        </div>
      )}
      <dialog ref={help} class="sim-help" aria-labelledby="sim-help-title">
        <h2 id="sim-help-title">Keyboard shortcuts</h2>
        <ShortcutList />
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
      <LiveRegion sim={sim} />
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

function ScenarioBar({
  sim,
  helpRef,
}: {
  sim: PlaygroundSim;
  helpRef: { current: HTMLDialogElement | null };
}) {
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
            aria-label="Scenario"
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
            {id === "custom" && (
              <option value="custom">{sim.scenarioTitle.value} (from a file or link)</option>
            )}
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
          aria-label="Choose a JSON file"
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
            <input
              type="text"
              readOnly
              value={share.url}
              onFocus={(e) => (e.target as HTMLInputElement).select()}
            />
          </label>
        </p>
      )}
    </div>
  );
}
