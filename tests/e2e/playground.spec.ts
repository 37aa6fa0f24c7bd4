import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { reportCspViolations } from "./csp";
import { expect, test } from "./guarded";
import { collectErrors } from "./helpers";

const PLAYGROUND = "simulator/playground/";

async function open(page: Page, query = "") {
  await page.goto(`${PLAYGROUND}${query}`);
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
}

const tick = (page: Page) => page.locator(".sim-controls .sim-tick");
const hash = (page: Page) => page.locator(".sim-controls .sim-hash");
const editor = (page: Page, program: string) => page.getByLabel(`Assembly source of ${program}`);

async function tickNumber(page: Page): Promise<number> {
  return Number(await tick(page).textContent());
}

/** The register table's value for a register of the thread picked in "Registers of". */
function register(page: Page, name: string) {
  return page.locator(`.sim-regtable tr[data-reg="${name}"] .sim-reg-value`);
}

async function showPanel(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
}

async function axeClean(page: Page, state: string) {
  // The whole page, header and sidebar included, with axe's default rules, in each state of the island.
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help}\n  ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 4)
        .join("\n  ")}`,
  );
  expect(summary, `${state}\n${summary.join("\n")}`).toEqual([]);
}

test("a scenario and a kernel open from the address, and run to their goals", async ({ page }) => {
  await open(page, "?scenario=hello&profile=as-built");
  await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue("hello");
  await expect(page.getByRole("radio", { name: /as built/ })).toBeChecked();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await showPanel(page, "Console");
  await expect(page.getByRole("region", { name: "Serial console, user output" })).toContainText(
    "Hello from ring 3!",
  );
  await page.getByRole("button", { name: "Pause", exact: true }).click();
});

test("Step runs one instruction; Step back brings the registers and the state hash back", async ({
  page,
}) => {
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await showPanel(page, "Threads");
  await page.getByRole("combobox", { name: "Registers of" }).selectOption({ label: "ping (TID 2)" });
  const r12 = register(page, "r12");
  await expect(r12).toHaveText("0x0000000000000000");
  // Step until ping's first instruction (mov r12, 1) has run.
  for (let i = 0; i < 40 && (await r12.textContent()) === "0x0000000000000000"; i++) {
    await page.getByRole("button", { name: "Step", exact: true }).click();
  }
  await expect(r12).toHaveText("0x0000000000000001");
  await expect(r12.locator("xpath=..")).toHaveClass(/sim-changed/);
  const after = await tickNumber(page);
  const hashAfter = await hash(page).textContent();
  await page.getByRole("button", { name: "Step back" }).click();
  await expect(tick(page)).toHaveText(String(after - 1));
  await expect(r12).toHaveText("0x0000000000000000");
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(tick(page)).toHaveText(String(after));
  await expect(hash(page)).toHaveText(hashAfter ?? "");
  // The listing marks ping's next instruction.
  await showPanel(page, "Program");
  await page.getByRole("combobox", { name: "Program" }).selectOption("ping");
  await expect(page.locator(".sim-listing tr.sim-current")).toContainText("mov rax, SYS_SEND");
});

test("a breakpoint on a failing syscall stops there and explains the error", async ({ page }) => {
  await open(page, "?scenario=hello&profile=as-built");
  await showPanel(page, "Breakpoints");
  await page.getByRole("combobox", { name: "Stop on" }).selectOption("syscall");
  await page.getByRole("combobox", { name: "Syscall" }).selectOption("EXIT");
  await page.getByLabel("Only when it returns an error").check();
  await page.getByRole("button", { name: "Add breakpoint" }).click();
  await expect(page.getByRole("list", { name: "Breakpoints" })).toContainText("SYS_EXIT when it fails");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeVisible();
  const note = page.locator(".sim-status .sim-error-note");
  await expect(note).toContainText("SYS_EXIT returned UNKNOWN_SYSCALL");
  await expect(note).toContainText("0xFFFFFFFFFFFFFFFF");
  await expect(note).toContainText("-1");
  await expect(note.getByRole("link", { name: "SYS_EXIT in the reference" })).toHaveAttribute(
    "href",
    /reference\/syscalls\/#sys_exit$/,
  );
  await expect(page.locator("[aria-live=polite]")).toContainText("EXIT returned UNKNOWN_SYSCALL");
  // The machine stopped on the event: the last trace event at this tick is the failing syscall.
  await showPanel(page, "Trace");
  await expect(page.locator(".sim-grid-row.sim-now")).toContainText("SYS_EXIT");
});

test("an assembler error shows at its line; fixed, the program runs", async ({ page }) => {
  await open(page, "?scenario=hello&profile=design");
  await showPanel(page, "Program");
  const source = editor(page, "hello");
  await source.focus();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.type("  mvo rax, 1\n");
  const errors = page.locator(".sim-asm-errors");
  await expect(errors).toContainText('Line 2, column 3: unknown instruction "mvo"');
  await expect(errors).toContainText('Hint: did you mean "mov"?');
  await expect(page.locator(".sim-editor .pce-line.sim-error-line")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeDisabled();
  // Fix it: mvo -> mov.
  await page.getByRole("button", { name: "Line 2, column 3" }).click();
  await page.keyboard.press("Delete");
  await page.keyboard.press("Delete");
  await page.keyboard.press("Delete");
  await page.keyboard.type("mov");
  await expect(errors).toHaveCount(0);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await showPanel(page, "Console");
  await expect(page.getByRole("region", { name: "Serial console, user output" })).toContainText(
    "Hello from ring 3!",
  );
});

test("a share link opens the same scenario, programs, tick and state hash in a fresh browser", async ({
  page,
  browser,
}) => {
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await showPanel(page, "Program");
  const source = editor(page, "ping");
  await source.focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n; shared edit");
  await expect(page.locator(".sim-program")).toContainText("Edited");
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Step event" }).click();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  const t = await tick(page).textContent();
  const h = await hash(page).textContent();
  await page.getByRole("button", { name: "Share link" }).click();
  const link = await page.getByLabel(/^Share link/).inputValue();
  expect(link).toMatch(/#share=v1\.[A-Za-z0-9_-]+$/);
  expect(page.url()).toContain("#share=v1.");

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherProblems = collectErrors(other);
  await reportCspViolations(other, otherProblems);
  await other.goto(link);
  await expect(other.locator(".sim-controls .sim-tick")).toHaveText(t ?? "");
  await expect(other.locator(".sim-controls .sim-hash")).toHaveText(h ?? "");
  await expect(other.getByRole("radio", { name: "design" })).toBeChecked();
  await expect(editor(other, "ping")).toHaveValue(/; shared edit$/);
  expect(otherProblems).toEqual([]);
  await fresh.close();
});

test("a corrupted or a 20,000-character link shows a message and keeps the saved work", async ({ page }) => {
  await open(page, "?scenario=hello&profile=design");
  await editor(page, "hello").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n; my saved work");
  await expect(page.locator(".sim-program")).toContainText("Edited, saved");
  const saved = await page.evaluate(() => localStorage.getItem("mnos-sim:v1:edits:hello"));
  expect(saved).toContain("my saved work");

  for (const [fragment, message] of [
    ["#share=v1.q1ZKzs8tyM9LzSvJLM7MU7IqKSpN1QEA", /damaged|cut short/],
    [`#share=v1.${"A".repeat(20_000)}`, /over the 8,000/],
  ] as const) {
    await page.goto("about:blank");
    await page.goto(`${PLAYGROUND}${fragment}`);
    const alert = page.getByRole("alert").filter({ hasText: message });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("Your saved work is untouched");
    await expect(editor(page, "hello")).toHaveValue(/; my saved work$/);
    expect(await page.evaluate(() => localStorage.getItem("mnos-sim:v1:edits:hello"))).toBe(saved);
  }
});

test("edits survive a reload; Restore original programs brings the original back", async ({ page }) => {
  await open(page, "?scenario=hello");
  await editor(page, "hello").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n; kept across reloads");
  await expect(page.locator(".sim-program")).toContainText("Edited, saved");
  await page.reload();
  await expect(editor(page, "hello")).toHaveValue(/; kept across reloads$/);
  await page.getByRole("button", { name: "Restore original programs" }).click();
  await expect(editor(page, "hello")).not.toHaveValue(/kept across reloads/);
  await page.reload();
  await expect(editor(page, "hello")).not.toHaveValue(/kept across reloads/);
});

test("keyboard only: shortcuts, Tab to every control, no trap in the editor", async ({ page }) => {
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await page.locator("h1").click();
  await page.keyboard.press("ArrowRight");
  await expect(tick(page)).not.toHaveText("0");
  const one = await tickNumber(page);
  await page.keyboard.press("ArrowRight");
  await expect(tick(page)).not.toHaveText(String(one));
  await page.keyboard.press("ArrowLeft");
  await expect(tick(page)).toHaveText(String(one));
  await page.keyboard.press(" ");
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.keyboard.press(" ");
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Tab reaches the controls in order, each with its name.
  const seen: string[] = [];
  await page.getByRole("combobox", { name: "Scenario" }).focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName) : "";
    });
    seen.push(name);
    if (name === "Step event") break;
  }
  for (const name of ["Load scenario file", "Share link", "Run", "Step", "Step event"]) {
    expect(seen).toContain(name);
  }
  await page.keyboard.press("Enter");
  await expect(page.locator("[aria-live=polite]")).toContainText("Step event: tick");

  // The editor lets focus go with Tab and with Escape.
  await showPanel(page, "Program");
  const source = editor(page, "ping");
  await source.focus();
  await page.keyboard.press("Tab");
  await expect(source).not.toBeFocused();
  await source.focus();
  await page.keyboard.press("Escape");
  await expect(source).not.toBeFocused();
});

test("axe finds nothing on the playground, in every panel", async ({ page }) => {
  test.setTimeout(240_000);
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await page.getByRole("button", { name: "Step event" }).click();
  await page.getByRole("button", { name: "Step event" }).click();
  const tabs = await page.getByRole("tab").allTextContents();
  expect(tabs.length).toBeGreaterThanOrEqual(9);
  for (const name of tabs) {
    await showPanel(page, name);
    await axeClean(page, `panel ${name}`);
  }
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await axeClean(page, "help dialog open");
  await page.keyboard.press("Escape");
  await showPanel(page, "Program");
  await editor(page, "ping").focus();
  await page.keyboard.type("bad line here\n");
  await expect(page.locator(".sim-asm-errors")).toBeVisible();
  await axeClean(page, "assembler error shown");
});

test("the panels are tabs on a phone, and the controls stay on screen while scrolling", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "phone layout");
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await expect(page.getByRole("tablist")).toHaveCount(1);
  await showPanel(page, "Trace");
  // Scroll down to the trace, far below the controls: they stay on screen.
  await page.evaluate(() => {
    const grid = document.querySelector(".sim-grid");
    if (grid) window.scrollTo(0, grid.getBoundingClientRect().bottom + window.scrollY - 300);
  });
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeInViewport();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(tick(page)).not.toHaveText("0");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});

test("Where do as-built and design part? goes to the first divergence and names the switch", async ({
  page,
}) => {
  await open(page, "?scenario=fault&profile=design");
  await page.getByRole("button", { name: "Where do as-built and design part?" }).click();
  const note = page.locator(".sim-divergence");
  await expect(note).toContainText("the kernels part: fault (PID 1), page fault, outcome.");
  await expect(note).toContainText("As built: machine-halted. Design: process-killed.");
  await expect(note).toContainText("the design kills only the faulting process.");
  await expect(note.getByRole("link", { name: "What this switch is" })).toHaveAttribute(
    "href",
    /reference\/profiles\/#switch-faultKillsProcess$/,
  );
  expect(await tickNumber(page)).toBeGreaterThan(0);
});

test("a scenario file saves and loads back; a bad file is refused and changes nothing", async ({ page }) => {
  await open(page, "?scenario=hello&profile=design");
  await editor(page, "hello").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n; in the file");
  await expect(page.locator(".sim-program")).toContainText("Edited");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Save scenario file" }).click();
  const file = await (await download).path();
  const text = await (await import("node:fs/promises")).readFile(file, "utf8");
  expect(JSON.parse(text).programs.hello.source).toMatch(/; in the file$/);

  const chooser = page.getByLabel("Choose a JSON file");
  await chooser.setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"version": 2}'),
  });
  await expect(page.getByRole("alert")).toContainText("bad.json is not a scenario this simulator reads");
  await expect(page.getByRole("alert")).toContainText("version");
  await expect(editor(page, "hello")).toHaveValue(/; in the file$/);

  await page.getByRole("button", { name: "Restore original programs" }).click();
  await expect(editor(page, "hello")).not.toHaveValue(/; in the file/);
  await chooser.setInputFiles({
    name: "hello.json",
    mimeType: "application/json",
    buffer: Buffer.from(text),
  });
  await expect(editor(page, "hello")).toHaveValue(/; in the file$/);
});

test("stepping right after an edit steps the edited program, and the steps are not undone", async ({
  page,
}) => {
  await open(page, "?scenario=hello&profile=design");
  await editor(page, "hello").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n; edited just now");
  await page.getByRole("button", { name: "Step event" }).click();
  await page.getByRole("button", { name: "Step event" }).click();
  const t = await tickNumber(page);
  expect(t).toBeGreaterThan(0);
  await page.waitForTimeout(800);
  await expect(tick(page)).toHaveText(String(t));
});

test("the trace: a click seeks to its event, End reaches the last of hundreds of thousands", async ({
  page,
}) => {
  await open(page, "?scenario=runaway&profile=design");
  await showPanel(page, "Trace");
  const grid = page.getByRole("grid", { name: "Event trace" });
  // A click on an event goes to its tick.
  const row = grid.locator(".sim-grid-body [role=row]").nth(3);
  const at = Number(await row.locator("[role=gridcell]").nth(1).textContent());
  await row.click();
  await expect(tick(page)).toHaveText(String(at));
  // Past 143 k rows (4 M px, trace-scroll.ts) the trace keeps its height and scrolls by proportion; a
  // browser caps an element near 33.5 M px, so a list laid out at full height would lose its end.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect
    .poll(async () => Number(await grid.getAttribute("aria-rowcount")), { timeout: 30_000 })
    .toBeGreaterThan(200_000);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const count = Number(await grid.getAttribute("aria-rowcount"));
  await grid.focus();
  await page.keyboard.press("End");
  const last = grid.locator(`[role=row][aria-rowindex="${count}"]`);
  await expect(last).toHaveAttribute("class", /sim-active/);
  const g = await grid.boundingBox();
  const r = await last.boundingBox();
  if (!g || !r) throw new Error("the grid or its last row is not laid out");
  expect(r.y).toBeGreaterThanOrEqual(g.y);
  expect(r.y + r.height).toBeLessThanOrEqual(g.y + g.height + 1);
  // Enter on it goes to that moment.
  const lastTick = Number(await last.locator("[role=gridcell]").nth(1).textContent());
  await page.keyboard.press("Enter");
  await expect(tick(page)).toHaveText(String(lastTick));
  await page.keyboard.press("Home");
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).toHaveAttribute("class", /sim-active/);
});

test("every table in every panel is laid out as a table (the site's phone table styles stay out)", async ({
  page,
}) => {
  await open(page, "?scenario=ipc-ping-pong&profile=design");
  await page.getByRole("button", { name: "Step event", exact: true }).click();
  const tabs = page.locator(".sim [role=tab]");
  const n = await tabs.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const tab = tabs.nth(i);
    await tab.click();
    const displays = await page
      .locator(".sim table")
      .evaluateAll((ts) =>
        ts.map((t) => `${t.querySelector("caption")?.textContent}: ${getComputedStyle(t).display}`),
      );
    for (const d of displays) expect(d, (await tab.textContent()) ?? "").toMatch(/: table$/);
  }
});
