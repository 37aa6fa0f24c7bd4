import { expect, test } from "@playwright/test";
import { PROFILE_NAMES } from "../../src/sim/abi/profiles";
import { BUILTIN_SCENARIOS } from "../../src/sim/scenario/builtins";
import { listPages, readPage } from "./helpers";

const sprintPages = listPages().filter((p) => /^roadmap\/sprint-[\d-]+\/$/.test(p));

test("the roadmap overview shows every sprint with its status and the as-of date", async ({ page }) => {
  await page.goto("roadmap/");
  const timeline = page.locator("ol.timeline > li");
  await expect(timeline).toHaveCount(10);
  await expect(timeline.filter({ hasText: "Sprint 10: Wasm Hypervisor" })).toContainText("Done");
  await expect(timeline.filter({ hasText: "Sprint 11: PCI & Device Discovery" })).toContainText(
    "In progress",
  );
  await expect(page.getByText("Status as of 2026-03-06")).toBeVisible();
  await expect(
    page.getByRole("progressbar", { name: /Sprints upstream marks complete: 9 of 10/ }),
  ).toBeVisible();
  await expect(page.locator("ul.milestones > li").first()).toContainText("VFS service");
});

test("a reader goes from the overview to a sprint page that says where the code differs", async ({
  page,
}) => {
  await page.goto("roadmap/");
  await page.getByRole("link", { name: "Sprint 6: Syscall Interface & Userspace" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sprint 6: Syscall Interface & Userspace");
  const checks = page.locator("dl.checks");
  await expect(checks).toContainText("There is no SYS_EXIT in code");
  await expect(checks).toContainText("Code differs");
});

test("the in-progress sprint lists its open items as open work", async ({ page }) => {
  await page.goto("roadmap/sprint-11/");
  await expect(page.locator("ul.items li", { hasText: "Open:" })).toHaveCount(3);
  await expect(page.getByText("3 items are still open")).toBeVisible();
});

test("the landing page shows the roadmap status at a glance", async ({ page }) => {
  await page.goto("");
  await expect(page.locator(".roadmap-status")).toContainText(
    "Upstream's roadmap marks 9 of 10 sprints complete",
  );
  await page
    .locator(".roadmap-status")
    .getByRole("link", { name: /Sprint 11/ })
    .click();
  await expect(page).toHaveURL(/roadmap\/sprint-11\/$/);
});

test("the roadmap feed is Atom with one entry per sprint", async ({ request }) => {
  const response = await request.get("roadmap/feed.xml");
  expect(response.ok()).toBe(true);
  const xml = await response.text();
  expect(xml).toMatch(/^<\?xml/);
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  expect(xml.match(/<entry>/g)).toHaveLength(10);
  expect(xml).toContain("Sprint 11: PCI &amp; Device Discovery (In progress)");
});

test("the landing page's item figures say what they count, and design-only items are not counted as built", async ({
  page,
}) => {
  await page.goto("");
  const status = page.locator(".roadmap-status");
  const built = status.getByRole("progressbar", { name: "Roadmap items in the code at 3833797: 64 of 69" });
  await expect(built).toBeVisible();
  await expect(built).toHaveAccessibleDescription(/this site's grouping of the 80 checklist entries/);
  await expect(built).toHaveAccessibleDescription(/2 checked items exist only in the design/);
  await expect(
    status.getByRole("progressbar", { name: "Roadmap items checked off upstream: 66 of 69" }),
  ).toBeVisible();
  await expect(status).not.toContainText("from the upstream roadmap at commit 3833797. See");
});

test("a sprint page does not call a design-only item done", async ({ page }) => {
  await page.goto("roadmap/sprint-4/");
  const idle = page.locator("ul.items li", { hasText: "Idle thread per core" });
  await expect(idle).toContainText("Checked upstream, not in the code:");
  await expect(idle).not.toContainText("Done:");
  await page.goto("roadmap/");
  await expect(page.locator("ol.timeline > li", { hasText: "Sprint 4:" })).toContainText(
    "6 of 8 items in the code, 8 checked off upstream",
  );
});

test("every sprint page opens a built-in scenario in the playground, or says why none fits", ({
  browserName,
}, info) => {
  void browserName;
  test.skip(info.project.name !== "desktop", "reads files; once is enough");
  expect(sprintPages).toHaveLength(10);
  for (const path of sprintPages) {
    const html = readPage(path);
    const section = html.slice(html.indexOf('id="simulator"'), html.indexOf("Back to the roadmap"));
    const links = [
      ...section.matchAll(/href="[^"]*simulator\/playground\/\?scenario=([^&"]+)&amp;profile=([^"]+)"/g),
    ];
    if (links.length === 0) {
      // A sprint with no scenario says why, in a sentence.
      expect(section.replace(/<[^>]+>/g, " "), path).toMatch(/\w+ \w+ \w+/);
      continue;
    }
    for (const [, id = "", profile = ""] of links) {
      expect(Object.keys(BUILTIN_SCENARIOS), `${path}: scenario ${id}`).toContain(id);
      expect(PROFILE_NAMES, `${path}: profile ${profile}`).toContain(profile);
    }
  }
});

test("a sprint page's scenario opens in the playground, on the kernel it names", async ({ page }) => {
  await page.goto("roadmap/sprint-11/");
  await page.getByRole("link", { name: /in the playground/ }).click();
  await expect(page).toHaveURL(/simulator\/playground\/\?scenario=virtio-probe&profile=as-built$/);
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
  await expect(page.getByRole("combobox", { name: "Scenario" })).toHaveValue("virtio-probe");
  await expect(page.getByRole("radio", { name: /as built/ })).toBeChecked();
});

test("no page promises work as coming soon or coming next", ({ browserName }, info) => {
  void browserName;
  test.skip(info.project.name !== "desktop", "reads files; once is enough");
  for (const path of listPages()) {
    const html = readPage(path);
    const main = html.slice(html.indexOf("<main"), html.indexOf("</main>")).replace(/<[^>]+>/g, " ");
    expect(main, path).not.toMatch(/coming soon|comes next|coming next/i);
  }
});
