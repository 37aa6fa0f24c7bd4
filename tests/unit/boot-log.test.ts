/**
 * The boot excerpt on Build and run against upstream's source at 3833797: the last lines init prints
 * (user/init/src/main.rs) and the kernel's own last banner (kernel/src/main.rs) appear on the page as the
 * source prints them, so a reader can tell a finished boot from a stuck one.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { codeBlocks, page, section } from "./doc-blocks";

const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const here = existsSync(UPSTREAM);
if (!here) console.log("boot log check skipped: the upstream mirror is not on this machine");

const show = (path: string) =>
  execFileSync("git", ["-C", UPSTREAM, "show", `3833797:${path}`], { encoding: "utf8" });

/** The text a run of print_str(b"…") calls prints, with print_i32(result_val) as 42 (add(10, 32)). */
function printed(rust: string): string {
  const calls = rust.matchAll(/print_str\(b"((?:[^"\\]|\\.)*)"\)|print_i32\(result_val\)/g);
  let out = "";
  for (const m of calls)
    out += m[1] === undefined ? "42" : m[1].replaceAll("\\r\\n", "\n").replaceAll("\\\\", "\\");
  return out;
}

const excerpt = codeBlocks(section(page("getting-started/build-and-run.mdx"), "A successful boot"))
  .filter((b) => b.lang === "text")
  .map((b) => b.code)
  .join("\n");

describe.skipIf(!here)("the boot excerpt on Build and run", () => {
  test("ends with init's last lines, exactly as user/init/src/main.rs prints them", () => {
    const init = show("user/init/src/main.rs");
    const banner = init.slice(init.indexOf("// Victory Banner"), init.lastIndexOf("halt_loop();"));
    const lines = printed(banner)
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines.at(-2)).toBe("  [init] Sprint 11 Phase 3 COMPLETE.");
    for (const line of lines) expect(excerpt.split("\n")).toContain(line);
  });

  test("shows the Phase 9 probe with the capacity of make run's 1 MiB disk", () => {
    const init = show("user/init/src/main.rs");
    expect(init).toContain('print_str(b" MB");');
    expect(excerpt).toContain("[init]   Disk Capacity: 2048 sectors (1 MB)");
  });

  test("shows the kernel's own last banner from kernel/src/main.rs", () => {
    const kernel = show("kernel/src/main.rs");
    const idle = kernel.slice(
      kernel.indexOf("// BSP IDLE LOOP"),
      kernel.indexOf("loop {", kernel.indexOf("// BSP IDLE LOOP")),
    );
    const lines = [...idle.matchAll(/kprintln!\("([^"]*)"\)/g)].map((m) => m[1] ?? "");
    expect(lines).toContain("  BSP entering idle loop.");
    for (const line of lines) expect(excerpt.split("\n")).toContain(line);
  });
});
