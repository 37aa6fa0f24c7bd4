/**
 * A lab in the page: its text (the page's own words, passed in as children), the goals as a live
 * checklist, hints one at a time, the solution on request, and the simulator with the program to edit.
 * On a phone the text, the code, the goals and the output are tabs under one control bar.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Lab } from "../../labs/lab";
import { Controls, Status, Timeline } from "../simulator/island/controls";
import { LiveRegion, useShortcuts, type ViewId, viewTab } from "../simulator/island/panels";
import { ProgramPanel } from "../simulator/island/program";
import { type TabDef, Tabs } from "../simulator/island/ui";
import { LabSim } from "./lab-store";
import { SolutionDialog } from "./solution";

interface Props {
  lab: Lab;
  /** The site's base path, ending in "/". */
  base: string;
  children?: ComponentChildren;
}

const OUTPUT_VIEWS: readonly ViewId[] = ["console", "trace", "threads", "caps", "memory"];

export default function LabIsland(props: Props) {
  const sim = useMemo(() => new LabSim(props.lab), []);
  const [narrow, setNarrow] = useState(false);
  const [tab, setTab] = useState("lab");
  const [work, setWork] = useState<string>("program");
  const root = useRef<HTMLDivElement>(null);
  useShortcuts(sim, root);

  useEffect(() => {
    void sim.openLab();
    const mq = matchMedia("(max-width: 50rem)");
    const update = () => setNarrow(mq.matches);
    update();
    mq.addEventListener("change", update);
    return () => mq.removeEventListener("change", update);
  }, []);
  // Judge the goals whenever the machine moves (each step, each frame of a run).
  const frame = sim.frame.value;
  const session = sim.session.value;
  useEffect(() => sim.judge(), [frame, session]);

  const cores = session?.scenario.machine.cores ?? 1;
  const program: TabDef = {
    id: "program",
    title: "Code",
    render: () => <ProgramPanel sim={sim} model={sim.shown(0)} initial={props.lab.edit} />,
  };
  const outputs = OUTPUT_VIEWS.map((id) => viewTab(id, sim, props.base, false));
  const goals: TabDef = { id: "goals", title: "Goals", render: () => <Goals sim={sim} /> };
  const text: TabDef = {
    id: "lab",
    title: "Lab",
    render: () => (
      <div class="lab-text">
        {props.children}
        <Help sim={sim} />
      </div>
    ),
  };

  return (
    <div class="sim sim--playground sim--lab not-content" ref={root}>
      {/* Search indexes the lab's words, not its buttons and machine views. */}
      <div class="sim-sticky" data-pagefind-ignore>
        <Controls sim={sim} cores={cores} />
        <div class="lab-actions">
          <button type="button" class="sim-primary" disabled={!sim.loaded.value} onClick={() => sim.check()}>
            Check
          </button>
          <span class="sim-hint lab-check-hint">Runs your code from the start and judges every goal.</span>
        </div>
      </div>
      {sim.notice.value && (
        <p class="sim-notice" role="status">
          {sim.notice.value}
        </p>
      )}
      {narrow ? (
        <Tabs
          label="Lab panels"
          idPrefix="lab-all"
          tabs={[text, program, goals, ...outputs.slice(0, 2)]}
          active={tab}
          onSelect={setTab}
        />
      ) : (
        <div class="lab-columns">
          <div class="lab-column lab-column--text">
            {props.children}
            <Help sim={sim} />
          </div>
          <div class="lab-column lab-column--work" data-pagefind-ignore>
            <Goals sim={sim} />
            <Timeline sim={sim} />
            <Status sim={sim} base={props.base} goals={false} />
            <Tabs
              label="Code and machine"
              idPrefix="lab-work"
              tabs={[program, ...outputs]}
              active={work}
              onSelect={setWork}
            />
          </div>
        </div>
      )}
      <LiveRegion sim={sim} />
    </div>
  );
}

function Goals({ sim }: { sim: LabSim }) {
  const goals = sim.lab.scenario.goals ?? [];
  const met = sim.met.value;
  const count = met.filter(Boolean).length;
  return (
    <section class="lab-goals" aria-labelledby="lab-goals-title">
      <h2 id="lab-goals-title">
        Goals <span class="lab-count">{`${count} of ${goals.length}`}</span>
        {sim.done.value && <span class="sim-badge lab-done">Lab done</span>}
      </h2>
      <ol>
        {goals.map((g, i) => (
          <li key={g.description} class={met[i] ? "sim-met" : undefined}>
            <span aria-hidden="true">{met[i] ? "✓" : "○"}</span> {g.description}
            <span class="sr-only">{met[i] ? " (met)" : " (not yet)"}</span>
          </li>
        ))}
      </ol>
      {sim.verdict.value && (
        <p class="lab-verdict" role="status">
          {sim.verdict.value}
        </p>
      )}
      <p class="sim-hint">
        A goal stays ticked once it has been met, even if you step back. Check runs everything again from the
        start.
      </p>
    </section>
  );
}

/** Hints, one at a time, and the solution behind a confirmation. */
function Help({ sim }: { sim: LabSim }) {
  const { hints } = sim.lab;
  const shown = sim.hints.value;
  const [asking, setAsking] = useState(false);
  return (
    <section class="lab-help" aria-labelledby="lab-help-title">
      <h2 id="lab-help-title">Stuck?</h2>
      {shown > 0 && (
        <ol class="lab-hints">
          {hints.slice(0, shown).map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ol>
      )}
      <div class="sim-row">
        <button type="button" disabled={shown >= hints.length} onClick={() => sim.nextHint()}>
          {shown === 0 ? "Show a hint" : shown >= hints.length ? "No more hints" : "Show another hint"}
        </button>
        <button type="button" onClick={() => setAsking(true)}>
          Show the solution
        </button>
        <button type="button" disabled={!sim.edited} onClick={() => sim.restoreOriginal()}>
          Start over
        </button>
        {sim.beforeSolution.value !== null && (
          <button type="button" onClick={() => sim.backToMine()}>
            Back to my code
          </button>
        )}
      </div>
      {asking && <SolutionDialog sim={sim} onClose={() => setAsking(false)} />}
    </section>
  );
}
