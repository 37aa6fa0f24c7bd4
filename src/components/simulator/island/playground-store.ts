/** The playground's own actions: files, share links, the page address, the two kernels side by side. */
import type { ProfileName } from "./engine";
import { Sim, storageGet } from "./store";

export class PlaygroundSim extends Sim {
  // ---- the two kernels, files, links --------------------------------------------------------------

  findDivergence(): void {
    const rt = this.rt;
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
    const rt = this.rt;
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
    const rt = this.rt;
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
    const rt = await this.load();
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
