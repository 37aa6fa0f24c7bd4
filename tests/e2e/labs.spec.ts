import { expect, type Page, test } from "@playwright/test";
import { LABS } from "../../src/labs/catalog";
import type { Lab } from "../../src/labs/lab";
import { collectErrors, expectNoAxeViolations, listPages, readPage } from "./helpers";

const narrow = (page: Page) => (page.viewportSize()?.width ?? 1280) < 800;

/** On a phone the lab's parts are tabs; on a wide screen everything is on screen at once. */
async function show(page: Page, tab: "Lab" | "Code" | "Goals" | "Console") {
  if (narrow(page)) await page.getByRole("tab", { name: tab, exact: true }).click();
  else if (tab === "Code" || tab === "Console")
    await page.getByRole("tab", { name: tab, exact: true }).click();
}

async function openLab(page: Page, lab: Lab) {
  await page.goto(`learn/${lab.id}/`);
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
}

/** Replaces the program in the editor as a reader pasting it would. */
async function typeProgram(page: Page, lab: Lab, source: string) {
  await show(page, "Code");
  const editor = page.getByLabel(`Assembly source of ${lab.edit}`);
  await editor.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(source);
  await expect(editor).toHaveValue(source);
}

async function check(page: Page) {
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await show(page, "Goals");
  await expect(page.locator(".lab-verdict")).toContainText(/goals (are )?met/, { timeout: 30_000 });
}

const goalItems = (page: Page) => page.locator(".lab-goals li");

for (const [i, lab] of LABS.entries()) {
  test.describe(`lab ${i + 1}, ${lab.id}`, () => {
    test("the reference solution, typed into the page, meets every goal", async ({ page }) => {
      const errors = collectErrors(page);
      await openLab(page, lab);
      await typeProgram(page, lab, lab.solution);
      await check(page);
      const goals = lab.scenario.goals ?? [];
      await expect(goalItems(page)).toHaveCount(goals.length);
      await expect(page.locator(".lab-goals li.sim-met")).toHaveCount(goals.length);
      await expect(page.locator(".lab-verdict")).toContainText(`All ${goals.length} goals are met`);
      await expect(page.locator(".lab-done")).toBeVisible();
      expect(errors).toEqual([]);
    });

    test("a wrong program leaves goals unticked and says which", async ({ page }) => {
      await openLab(page, lab);
      await typeProgram(page, lab, lab.wrong.source);
      await check(page);
      for (const n of lab.wrong.unmet) {
        await expect(goalItems(page).nth(n - 1)).not.toHaveClass(/sim-met/);
        await expect(goalItems(page).nth(n - 1)).toContainText("(not yet)");
      }
      const first = Math.min(...lab.wrong.unmet);
      await expect(page.locator(".lab-verdict")).toContainText(`Not yet: goal ${first},`);
    });
  });
}

test("from the landing page to a running lab 1 in three clicks at most", async ({ page }) => {
  let clicks = 0;
  const click = async (name: RegExp) => {
    clicks++;
    await page.getByRole("link", { name }).first().click();
  };
  await page.goto("");
  await click(/try it in your browser/i);
  await expect(page).toHaveURL(/learn\/hello-com1\/$/);
  clicks++;
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // The starter runs to its end (it prints nothing yet) and the run stops by itself.
  await expect(page.locator("[aria-live=polite]")).toContainText("nothing is left to run");
  expect(Number(await page.locator(".sim-controls .sim-tick").textContent())).toBeGreaterThan(0);
  expect(clicks).toBeLessThanOrEqual(3);
});

test("the getting-started overview offers lab 1 before the toolchain", async ({ page }) => {
  await page.goto("getting-started/");
  const aside = page.locator("aside", { hasText: "Try it in your browser first" });
  await aside.getByRole("link", { name: /Lab 1/ }).click();
  await expect(page).toHaveURL(/learn\/hello-com1\/$/);
});

test("goals stay ticked after a step back; hints come one at a time; progress reaches the index", async ({
  page,
}) => {
  const lab = LABS[0];
  if (!lab) throw new Error("no labs");
  await openLab(page, lab);
  await typeProgram(page, lab, lab.solution);
  await check(page);
  const met = await page.locator(".lab-goals li.sim-met").count();
  expect(met).toBe(lab.scenario.goals?.length);
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await expect(page.locator(".sim-controls .sim-tick")).toHaveText("0");
  await show(page, "Goals");
  await expect(page.locator(".lab-goals li.sim-met")).toHaveCount(met);

  await show(page, "Lab");
  const hint = page.getByRole("button", { name: /Show (a|another) hint/ });
  await hint.click();
  await expect(page.locator(".lab-hints li")).toHaveCount(1);
  await expect(page.locator(".lab-hints li").first()).toHaveText(lab.hints[0] ?? "");
  if (lab.hints.length > 1) {
    await hint.click();
    await expect(page.locator(".lab-hints li")).toHaveCount(2);
  }

  await page.goto("learn/");
  await expect(page.locator(`li[data-lab="${lab.id}"] .lab-index-done`)).toBeVisible();
  await expect(page.locator(".lab-index-progress")).toContainText(`1 of ${LABS.length}`);
});

test("the solution asks first, compares with the reader's code, and the reader's code can come back", async ({
  page,
}) => {
  const lab = LABS[0];
  if (!lab) throw new Error("no labs");
  await openLab(page, lab);
  await typeProgram(page, lab, `${lab.scenario.programs[lab.edit]?.source ?? ""}; my attempt\n`);
  await show(page, "Lab");
  await page.getByRole("button", { name: "Show the solution" }).click();
  const dialog = page.getByRole("dialog", { name: "See the solution?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Yes, show it" }).click();
  const diff = page.getByRole("region", { name: "The solution compared with your code" });
  await expect(diff).toContainText("removed: ; my attempt");
  await expect(diff).toContainText("added: wait:");
  await page.getByRole("button", { name: "Use the solution" }).click();
  await show(page, "Code");
  await expect(page.getByLabel(`Assembly source of ${lab.edit}`)).toHaveValue(lab.solution);
  await show(page, "Lab");
  await page.getByRole("button", { name: "Back to my code" }).click();
  await show(page, "Code");
  await expect(page.getByLabel(`Assembly source of ${lab.edit}`)).toHaveValue(/; my attempt\n$/);
  // The reader's code is saved in the browser and survives a reload.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
  await show(page, "Code");
  await expect(page.getByLabel(`Assembly source of ${lab.edit}`)).toHaveValue(/; my attempt\n$/);
});

test("a lab page passes axe: at the start, with a hint, checked, and with the solution open", async ({
  page,
}) => {
  const lab = LABS[0];
  if (!lab) throw new Error("no labs");
  await openLab(page, lab);
  await expectNoAxeViolations(page);
  await show(page, "Lab");
  await page.getByRole("button", { name: /Show (a|another) hint/ }).click();
  await check(page);
  await expectNoAxeViolations(page);
  await show(page, "Lab");
  await page.getByRole("button", { name: "Show the solution" }).click();
  await page.getByRole("button", { name: "Yes, show it" }).click();
  await expect(page.getByRole("region", { name: "The solution compared with your code" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("each sprint page links the labs that exercise it, and the link opens the lab", async ({ page }) => {
  const sprints = listPages().filter((p) => /^roadmap\/sprint-[\d-]+\/$/.test(p));
  let linked = 0;
  for (const path of sprints) {
    // The page's own text: the sidebar links every lab on every page.
    const html = readPage(path).match(/<main[\s\S]*<\/main>/)?.[0] ?? "";
    const id = html.match(/<h1[^>]*>Sprint ([^:<]+):/)?.[1];
    expect(id, path).toBeTruthy();
    for (const lab of LABS) {
      const links = html.includes(`href="/learn/${lab.id}/"`) || html.includes(`learn/${lab.id}/"`);
      expect(links, `${path} and lab ${lab.id}`).toBe(lab.sprints.includes(id ?? ""));
      if (links) linked++;
    }
  }
  expect(linked).toBeGreaterThanOrEqual(LABS.length);
  await page.goto("roadmap/sprint-5/");
  await page.getByRole("link", { name: /Lab 4, IPC ping-pong/ }).click();
  await expect(page).toHaveURL(/learn\/ipc-ping-pong\/$/);
  await expect(page.getByRole("button", { name: "Check", exact: true })).toBeVisible();
});
