/** The playground's own actions: files, share links, the page address, the two kernels side by side. */
import type { BreakCondition, ProfileName, ScenarioInput } from "./engine";
import { type Breakpoint, Sim, storageGet, storageSet } from "./store";

export class PlaygroundSim extends Sim {
  /** Whether saving edits is on; off for a scenario opened from a link until the reader edits it. */
  private autosave = true;
  private undo: Record<string, string> | null = null;
  private nextBreakpointId = 1;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly persist = true;

  protected override flushEdits(): void {
    if (this.reopenTimer === undefined) return;
    clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    this.reopen(0);
  }

  protected override opened(id: string): void {
    const saved = this.savedEdits(id);
    if (saved) this.sources.value = { ...this.sources.value, ...saved };
    this.autosave = true;
    this.rememberLast(id, this.profile.value);
  }
  /** Notes the scenario and kernel open, so the playground reopens them next time. */
  protected rememberLast(id: string, profile: ProfileName): void {
    storageSet("last", JSON.stringify({ id, profile }));
  }
  /** Opens a scenario from a file or a link (not autosaved until the reader edits it). */
  openScenario(scenario: ScenarioInput, profile: ProfileName, tick: number, fromLink: boolean): void {
    const id = scenario.id && this.fullRuntime()?.BUILTIN_SCENARIOS[scenario.id] ? scenario.id : "custom";
    const builtin = id === "custom" ? undefined : this.fullRuntime()?.BUILTIN_SCENARIOS[id];
    this.setBase(builtin ?? scenario, id, profile);
    const rt = this.fullRuntime();
    this.sources.value = rt ? rt.programSources(scenario) : {};
    this.autosave = this.persist && !fromLink;
    if (id === "custom" && this.autosave) {
      storageSet("custom", JSON.stringify(scenario));
      storageSet("last", JSON.stringify({ id, profile }));
    }
    this.reopen(tick);
    if (this.autosave) this.saveEdits();
  }
  setProfile(profile: ProfileName): void {
    if (profile === this.profile.value) return;
    const tick = this.session.value?.tick ?? 0;
    this.profile.value = profile;
    this.reopen(tick);
    if (this.persist && this.scenarioId.value !== "custom") this.rememberLast(this.scenarioId.value, profile);
    this.say(`Kernel profile: ${profile}. Tick ${this.session.value?.tick ?? 0}.`, true);
  }
  setSource(program: string, text: string): void {
    // The editor reports its text when it mounts and when it is set: only real edits of a real program count.
    if (!(program in this.original.value) || this.sources.value[program] === text) return;
    this.sources.value = { ...this.sources.value, [program]: text };
    this.autosave = this.persist;
    this.saveEdits();
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      this.reopen(0);
    }, 350);
  }
  protected savedEdits(id: string): Record<string, string> | null {
    const raw = storageGet(`edits:${id}`);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== "object" || parsed === null) return null;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v === "string" && k in this.original.value) out[k] = v;
      }
      return out;
    } catch {
      return null;
    }
  }
  private saveEdits(): void {
    if (!this.autosave) return;
    if (this.scenarioId.value === "custom" && this.base) {
      storageSet("custom", JSON.stringify(this.base));
      storageSet("last", JSON.stringify({ id: "custom", profile: this.profile.value }));
    }
    const edits: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.sources.value)) if (v !== this.original.value[k]) edits[k] = v;
    storageSet(
      `edits:${this.scenarioId.value}`,
      Object.keys(edits).length > 0 ? JSON.stringify(edits) : null,
    );
  }
  get edited(): boolean {
    const o = this.original.value;
    return Object.entries(this.sources.value).some(([k, v]) => v !== o[k]);
  }
  /** Brings back the scenario's original programs; the discarded edits can be taken back once. */
  restoreOriginal(): void {
    this.undo = { ...this.sources.value };
    this.sources.value = { ...this.original.value };
    this.autosave = this.persist;
    this.saveEdits();
    this.reopen(0);
    this.notice.value = "The original programs are back.";
  }
  undoRestore(): void {
    if (!this.undo) return;
    this.sources.value = this.undo;
    this.undo = null;
    this.saveEdits();
    this.reopen(0);
    this.notice.value = "Your edits are back.";
  }
  get canUndo(): boolean {
    return this.undo !== null;
  }
  addBreakpoint(c: BreakCondition): void {
    const same = (b: Breakpoint) => JSON.stringify({ ...b, id: 0 }) === JSON.stringify({ ...c, id: 0 });
    if (this.breakpoints.value.some(same)) return;
    this.breakpoints.value = [...this.breakpoints.value, { ...c, id: this.nextBreakpointId++ }];
  }
  removeBreakpoint(id: number): void {
    this.breakpoints.value = this.breakpoints.value.filter((b) => b.id !== id);
  }
  toggleLine(program: string, line: number): void {
    const hit = this.breakpoints.value.find(
      (b) => b.kind === "line" && b.program === program && b.line === line,
    );
    if (hit) this.removeBreakpoint(hit.id);
    else this.addBreakpoint({ kind: "line", program, line });
  }
  // ---- the two kernels, files, links --------------------------------------------------------------

  findDivergence(): void {
    const rt = this.fullRuntime();
    const scenario = this.currentScenario();
    const s = this.session.value;
    if (!rt || !scenario || !s) return;
    this.stop();
    const d = rt.divergence(scenario);
    if (typeof d === "string") {
      this.divergence.value = `The programs do not run: ${d}`;
      return;
    }
    if (!d) {
      this.divergence.value =
        "The two kernels do the same thing for these programs (in the first 20,000 steps).";
      this.say(this.divergence.value, true);
      return;
    }
    // Go to the first event at or after the divergence's cycle in this profile's timeline.
    const before = s.tick;
    let target = -1;
    for (let guard = 0; guard < 200 && target < 0; guard++) {
      const t = s.timeline().find((e) => e.event.cycle >= d.cycle && e.tick > 0);
      if (t) target = t.tick;
      else if (s.ended) break;
      else s.advance(200_000);
    }
    if (target >= 0) s.seek(target);
    this.moved(before);
    this.divergence.value = `At cycle ${d.cycle.toLocaleString("en")} the kernels part. As built: ${d.asBuilt}. Design: ${d.design}.${d.switchKey ? ` Switch: ${d.switchKey}.` : ""}`;
    this.divergenceSwitch = d.switchKey ?? null;
    this.say(this.divergence.value, true);
  }

  /** The scenario as a JSON file the CLI and the Load button read. */
  scenarioFile(): { name: string; text: string } | null {
    const sc = this.currentScenario();
    if (!sc) return null;
    return { name: `${sc.id ?? "scenario"}.json`, text: `${JSON.stringify(sc, null, 2)}\n` };
  }

  loadFile(text: string, fileName: string): void {
    const rt = this.fullRuntime();
    if (!rt) return;
    const parsed = rt.parseScenario(text);
    if (!parsed.ok) {
      this.alert.value = `${fileName} is not a scenario this simulator reads: ${parsed.errors.slice(0, 3).join("; ")}. Nothing was changed.`;
      return;
    }
    this.alert.value = null;
    this.openScenario(parsed.scenario, parsed.scenario.profile, 0, false);
    this.notice.value = `Opened ${fileName}.`;
  }

  async share(): Promise<void> {
    this.flushEdits();
    const rt = this.fullRuntime();
    const sc = this.currentScenario();
    const s = this.session.value;
    if (!rt || !sc || !s) return;
    this.stop();
    const parsed = rt.parseScenario(sc);
    if (!parsed.ok) return;
    const codec = await import("./codec");
    const r = await codec.encodeShare({
      scenario: parsed.scenario,
      profile: this.profile.value,
      tick: s.tick,
    });
    if (!r.ok) {
      this.shareLink.value = null;
      this.notice.value = r.error;
      return;
    }
    const url = `${location.origin}${location.pathname}${r.fragment}`;
    history.replaceState(null, "", r.fragment);
    this.shareLink.value = { url, long: r.long };
    try {
      await navigator.clipboard.writeText(url);
      this.notice.value = "Link copied. It opens this scenario, these programs and this exact tick.";
    } catch {
      this.notice.value = "Copy the link from the field below.";
    }
  }

  /** Opens what the page address asks for: a share link, ?scenario=&profile=, or the last scenario. */
  async openFromLocation(fallback: string, allowLink: boolean): Promise<void> {
    await this.load();
    const rt = this.fullRuntime();
    if (!rt) return;
    const params = new URLSearchParams(location.search);
    const profileParam = params.get("profile");
    const profile = profileParam === "as-built" || profileParam === "design" ? profileParam : undefined;
    if (allowLink && location.hash.startsWith("#share=")) {
      const codec = await import("./codec");
      const r = await codec.decodeShare(location.hash);
      if (r.ok) {
        this.openScenario(r.state.scenario, r.state.profile, r.state.tick, true);
        this.notice.value = "Opened from a shared link. Your own saved edits are kept until you edit here.";
        return;
      }
      this.alert.value = `${r.error} Your saved work is untouched.`;
    }
    const asked = params.get("scenario");
    if (asked && !rt.BUILTIN_SCENARIOS[asked]) {
      this.alert.value = `There is no built-in scenario "${asked}". Showing ${fallback} instead.`;
    }
    if (asked && rt.BUILTIN_SCENARIOS[asked]) {
      this.openBuiltin(asked, profile);
      return;
    }
    if (allowLink) {
      const last = storageGet("last");
      try {
        const l = last ? (JSON.parse(last) as { id?: string; profile?: ProfileName }) : null;
        if (l?.id === "custom") {
          const custom = storageGet("custom");
          const parsed = custom ? rt.parseScenario(custom) : null;
          if (parsed?.ok) {
            this.openScenario(parsed.scenario, l.profile ?? parsed.scenario.profile, 0, false);
            const saved = this.savedEdits("custom");
            if (saved) {
              this.sources.value = { ...this.sources.value, ...saved };
              this.reopen(0);
            }
            return;
          }
        }
        if (l?.id && rt.BUILTIN_SCENARIOS[l.id]) {
          this.openBuiltin(l.id, l.profile);
          return;
        }
      } catch {
        // A damaged "last scenario" note is ignored.
      }
    }
    this.openBuiltin(fallback, profile);
  }
}
