/**
 * The compact simulator an MDX page embeds: the controls, the timeline and the views the page names, and
 * a link that opens the playground at this exact state. It never writes to the reader's storage.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ProfileName } from "../../../sim/abi/profiles";
import { decodeBooted } from "./booted-codec";
import { Controls, Status, Timeline } from "./controls";
import { LiveRegion, useShortcuts, type ViewId, viewTab } from "./panels";
import { Sim } from "./store";
import { type TabDef, Tabs } from "./ui";

interface Props {
  scenario: string;
  /**
   * This embed's id on its page. The JSON data block `${id}-booted` beside it holds the scenario's machine
   * as the build booted it (booted-codec.ts), so the page needs no parser or assembler.
   */
  id: string;
  title: string;
  /** The kernel the build booted the scenario on: what the badge and the link say until the machine loads. */
  profile: ProfileName;
  panels: readonly ViewId[];
  base: string;
}

export default function Embed(props: Props) {
  const sim = useMemo(() => new Sim([], () => import("./runtime-core")), []);
  const root = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<string>(props.panels[0] ?? "cores");
  const [missing, setMissing] = useState(false);
  useShortcuts(sim, root);
  useEffect(() => {
    const booted = document.getElementById(`${props.id}-booted`)?.textContent;
    if (!booted) {
      setMissing(true);
      return;
    }
    void sim.load().then(() => sim.openCompiled(props.scenario, decodeBooted(booted)));
  }, []);
  const profile = sim.session.value ? sim.profile.value : props.profile;
  const tabs = props.panels.map((id) => viewTab(id, sim, props.base, true));
  return (
    <div class="sim sim--embed not-content" ref={root}>
      <div class="sim-embed-head">
        <p class="sim-embed-title">
          <strong>Simulator:</strong> {props.title} <span class="sim-badge">{profile}</span>
        </p>
        <OpenInPlayground sim={sim} base={props.base} scenario={props.scenario} profile={profile} />
      </div>
      {missing && (
        <p role="alert">This page came without its simulator's machine; reload the page to try again.</p>
      )}
      <Controls sim={sim} cores={sim.session.value?.scenario.machine.cores ?? 1} />
      <Timeline sim={sim} />
      <Status sim={sim} base={props.base} />
      {tabs.length === 1 ? (
        tabs[0] && <OnlyPanel tab={tabs[0]} />
      ) : (
        <Tabs label="Simulator views" idPrefix={props.id} tabs={tabs} active={active} onSelect={setActive} />
      )}
      <LiveRegion sim={sim} />
    </div>
  );
}

/**
 * Without JavaScript (and until the reader reaches for it) the link opens the scenario by name; pointed
 * at or focused, it takes the exact tick and state along in a share fragment.
 */
function OpenInPlayground(props: { sim: Sim; base: string; scenario: string; profile: ProfileName }) {
  const { sim, base, scenario, profile } = props;
  const plain = `${base}simulator/playground/?scenario=${encodeURIComponent(scenario)}&profile=${profile}`;
  const [href, setHref] = useState(plain);
  const tick = sim.model.value?.tick ?? 0;
  useEffect(() => setHref(plain), [tick, plain]);
  const exact = () => sim.playgroundFragment().then((f) => (f ? `${plain}${f}` : plain));
  const prepare = () => {
    void exact().then(setHref);
  };
  const open = (e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    void exact().then((url) => location.assign(url));
  };
  return (
    <a class="sim-open" href={href} onPointerEnter={prepare} onFocus={prepare} onClick={open}>
      Open in playground
    </a>
  );
}

/** A lone panel as its own component: its repaints during a run re-render it, not the whole embed. */
function OnlyPanel({ tab }: { tab: TabDef }) {
  return tab.render();
}
