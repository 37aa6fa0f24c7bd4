/**
 * The kernel's console is upstream's text: on the as-built profile every kernel line is one of the format
 * strings of upstream's kprintln! calls (kernel/src at 3833797, and kernel/src/main.rs before 6bccab6 for
 * the historical kern-init scenario), and the design's lines that are not are exactly DESIGN_LOG_LINES
 * (src/sim/abi/profiles.ts). Runs every built-in scenario and every conformance case on both profiles.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { DESIGN_LOG_LINES, type ProfileName } from "../../src/sim/abi/profiles";
import { BUILTIN_SCENARIOS } from "../../src/sim/scenario/builtins";
import { Session } from "../../src/sim/session";

const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const here = existsSync(UPSTREAM);
if (!here) console.log("design log lines check skipped: the upstream mirror is not on this machine");

const git = (...args: string[]) =>
  execFileSync("git", ["-C", UPSTREAM, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });

/** A Rust format string as a pattern: each {…} placeholder stands for any text. */
const pattern = (format: string) =>
  new RegExp(
    `^${format
      .split(/\{[^{}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*?")}$`,
  );

function upstreamFormats(): RegExp[] {
  const files = git("ls-tree", "-r", "--name-only", "3833797", "kernel/src")
    .split("\n")
    .filter((f) => f.endsWith(".rs"));
  const sources = [
    ...files.map((f) => git("show", `3833797:${f}`)),
    git("show", "6bccab6^:kernel/src/main.rs"),
  ];
  const formats = sources.flatMap((src) =>
    [...src.matchAll(/kprintln!\(\s*"((?:[^"\\]|\\.)*)"/g)].flatMap((m) => {
      const format = (m[1] ?? "").replaceAll('\\"', '"').replaceAll("\\\\", "\\");
      // A format of blanks and one {} ("    {}") prints one of its arguments' literals: list those.
      if (!/^\s*\{\}$/.test(format)) return [format];
      const from = (m.index ?? 0) + m[0].length;
      const args = src.slice(from, src.indexOf(";", from));
      return [...args.matchAll(/"([^"]*)"/g)].map((a) => format.replace("{}", a[1] ?? ""));
    }),
  );
  // A format with almost no text of its own would match any line and prove nothing.
  return formats.filter((f) => f.replace(/\{[^{}]*\}|\s/g, "").length >= 2).map(pattern);
}

function scenarios(): [string, string | object][] {
  const out: [string, string | object][] = Object.keys(BUILTIN_SCENARIOS).map((id) => [id, id]);
  for (const f of readdirSync("tests/conformance/cases")) {
    const c = JSON.parse(readFileSync(`tests/conformance/cases/${f}`, "utf8"));
    for (const p of Object.values(c.scenario.programs) as { source?: string | string[] }[])
      if (Array.isArray(p.source)) p.source = p.source.join("\n");
    out.push([f, c.scenario]);
  }
  return out;
}

/** The kernel's lines of a run (the serial events the kernel wrote, without the programs' bytes). */
function kernelLines(input: string | object, profile: ProfileName): string[] {
  const r = Session.open(input, { profile });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  r.session.run(1500);
  const text = r.session
    .events()
    .flatMap((e) => (e.kind === "serial" && e.source === "kernel" ? [e.text] : []))
    .join("");
  return [...new Set(text.split("\r\n"))].filter((l) => l !== "");
}

describe.skipIf(!here)("the kernel's console lines are upstream's format strings", () => {
  const foreign: Record<ProfileName, Map<string, string>> = { "as-built": new Map(), design: new Map() };
  beforeAll(() => {
    const formats = upstreamFormats();
    for (const [id, input] of scenarios())
      for (const profile of ["as-built", "design"] as const)
        for (const line of kernelLines(input, profile))
          if (!formats.some((f) => f.test(line))) foreign[profile].set(line, id);
  }, 300_000);

  test("as built, every kernel line of every built-in scenario and conformance case is upstream's", () => {
    expect([...foreign["as-built"]].map(([l, id]) => `${id}: ${l}`)).toEqual([]);
  });

  test("in the design, the lines that are not upstream's are exactly DESIGN_LOG_LINES", () => {
    const designPatterns = DESIGN_LOG_LINES.map((d) => pattern(d.line));
    const design = [...foreign.design.keys()];
    expect(design.filter((l) => !designPatterns.some((p) => p.test(l)))).toEqual([]);
    const unused = DESIGN_LOG_LINES.filter((_, i) => !design.some((l) => designPatterns[i]?.test(l)));
    expect(unused.map((d) => d.line)).toEqual([]);
  });
});
