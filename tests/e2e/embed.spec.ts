import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./guarded";
import { listPages, readPage } from "./helpers";

// The simulator's chunks by name: astro.config.mjs groups an embed into sim-island and sim-engine.
const SIMULATOR_CODE =
  /\/_astro\/(Embed|Playground|sim-island|sim-engine|panels|runtime|engine|codec|editor)\.[\w-]+\.js$/;

/** Pages with a simulator embed: the landing page and every architecture page but the overview. */
const EMBED_PAGES = [
  "",
  ...listPages().filter((p) => p.startsWith("architecture/") && p !== "architecture/"),
];
const hasEmbed = (path: string) => readPage(path).includes('class="sim sim--embed');

test("pages without an embed load no simulator code", async ({ page }) => {
  const loaded: string[] = [];
  page.on("request", (r) => {
    if (SIMULATOR_CODE.test(r.url())) loaded.push(r.url());
  });
  const pages = [
    "architecture/",
    "reference/syscalls/",
    "getting-started/install/",
    "simulator/assembly/",
    "roadmap/sprint-5/",
  ];
  for (const path of pages) {
    expect(hasEmbed(path), `${path} is a page without an embed`).toBe(false);
    await page.goto(path, { waitUntil: "networkidle" });
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(200);
  }
  expect(loaded).toEqual([]);
});

test("the overview's embed loads when scrolled into view, steps, and opens the playground at the same moment", async ({
  page,
}) => {
  const loaded: string[] = [];
  page.on("request", (r) => {
    if (SIMULATOR_CODE.test(r.url())) loaded.push(r.url());
  });
  await page.setViewportSize({ width: page.viewportSize()?.width ?? 1280, height: 300 });
  await page.goto("simulator/", { waitUntil: "networkidle" });
  expect(loaded, "nothing before the embed is in view").toEqual([]);
  const embed = page.locator(".sim--embed");
  await embed.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: page.viewportSize()?.width ?? 1280, height: 900 });
  const step = embed.getByRole("button", { name: "Step", exact: true });
  await expect(step).toBeEnabled();
  expect(loaded.some((u) => /engine\./.test(u))).toBe(true);
  expect(
    loaded.some((u) => /editor\./.test(u)),
    "an embed has no editor",
  ).toBe(false);
  await expect(embed.getByRole("tab", { name: "Cores" })).toHaveAttribute("aria-selected", "true");
  await expect(embed.getByRole("tab", { name: "Trace" })).toBeVisible();
  for (let i = 0; i < 3; i++) await embed.getByRole("button", { name: "Step event" }).click();
  await step.click();
  const tick = await embed.locator(".sim-tick").textContent();
  const hash = await embed.locator(".sim-hash").textContent();
  expect(Number(tick)).toBeGreaterThan(0);
  const axe = await new AxeBuilder({ page }).include(".sim--embed").analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await embed.getByRole("link", { name: "Open in playground" }).click();
  await expect(page).toHaveURL(/simulator\/playground\/\?scenario=ipc-ping-pong&profile=design#share=v1\./);
  await expect(page.locator(".sim-controls .sim-tick")).toHaveText(tick ?? "");
  await expect(page.locator(".sim-controls .sim-hash")).toHaveText(hash ?? "");
});

test("the embed's Trace tab seeks where an event is clicked", async ({ page }) => {
  await page.goto("simulator/");
  const embed = page.locator(".sim--embed");
  await embed.scrollIntoViewIfNeeded();
  await expect(embed.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
  for (let i = 0; i < 6; i++) await embed.getByRole("button", { name: "Step event" }).click();
  await embed.getByRole("tab", { name: "Trace" }).click();
  const rows = embed.locator(".sim-grid-body [role=row]");
  // The list has scrolled to the current event once that row shows.
  await embed.locator(".sim-grid").scrollIntoViewIfNeeded();
  await expect(embed.locator(".sim-grid-body .sim-now")).toBeVisible();
  const now = Number(await embed.locator(".sim-tick").textContent());
  // An earlier event among the rendered rows (the list renders the rows around the current one).
  const ticks = await rows.locator("[role=gridcell]:nth-child(2)").allTextContents();
  const at = ticks.findIndex((t) => Number(t) < now);
  expect(at).toBeGreaterThanOrEqual(0);
  const eventTick = ticks[at];
  await rows.nth(at).click();
  await expect(embed.locator(".sim-tick")).toHaveText(eventTick ?? "");
});

test.describe("the landing page and every architecture mechanism page run an embed", () => {
  // The offline worker precaches the whole site after load, which only slows "networkidle" here.
  test.use({ serviceWorkers: "block" });

  test("the list of such pages is the landing page and twelve architecture pages", () => {
    expect(EMBED_PAGES.length).toBeGreaterThanOrEqual(13);
  });

  for (const path of EMBED_PAGES) {
    test(`/${path}: the embed loads when scrolled into view and steps`, async ({ page }) => {
      const loaded: string[] = [];
      page.on("request", (r) => {
        if (SIMULATOR_CODE.test(r.url())) loaded.push(r.url());
      });
      const width = page.viewportSize()?.width ?? 1280;
      await page.setViewportSize({ width, height: 300 });
      await page.goto(path, { waitUntil: "networkidle" });
      const embed = page.locator(".sim--embed");
      await expect(embed).toHaveCount(1);
      expect(loaded, "nothing before the embed is in view").toEqual([]);
      // The kernel the build booted it on, as the page says it before any script runs.
      const profile = await embed.locator(".sim-badge").textContent();
      await embed.scrollIntoViewIfNeeded();
      await page.setViewportSize({ width, height: 900 });
      await expect(embed.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
      await expect(embed.locator(".sim-loading")).toHaveCount(0);
      await embed.getByRole("button", { name: "Step event" }).click();
      await expect(embed.locator(".sim-tick")).not.toHaveText("0");
      await expect(embed.locator(".sim-badge")).toHaveText(profile ?? "");
      // Nothing sticks out of the embed, on a phone too, except inside a part that scrolls sideways itself.
      const outside = await embed.evaluate((root) => {
        const edge = root.getBoundingClientRect().right + 1;
        const scrolls = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
        return [...root.querySelectorAll("*")]
          .filter((el) => el.getBoundingClientRect().right > edge)
          .filter((el) => {
            for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (scrolls(p)) return false;
            return true;
          })
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      });
      expect(outside).toEqual([]);
    });
  }
});
