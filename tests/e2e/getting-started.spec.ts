import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { splitIdentifiers } from "./helpers";

test("choosing a host on one tab block switches every block, and the choice survives a reload", async ({
  page,
}) => {
  await page.goto("getting-started/install/");
  const fedoraTabs = page.getByRole("tab", { name: "Fedora" });
  await expect(fedoraTabs).toHaveCount(2);
  await fedoraTabs.first().click();
  await expect(
    page.getByText("sudo dnf install qemu-system-x86 edk2-ovmf xorriso make gcc git"),
  ).toBeVisible();
  await expect(page.getByText("sudo dnf install rustup").first()).toBeVisible();
  await expect(fedoraTabs.nth(1)).toHaveAttribute("aria-selected", "true");

  await page.reload();
  await expect(page.getByRole("tab", { name: "Fedora" }).nth(1)).toHaveAttribute("aria-selected", "true");
});

test("every host the docs promise has a tab", async ({ page }) => {
  await page.goto("getting-started/install/");
  const labels = await page.getByRole("tablist").first().getByRole("tab").allTextContents();
  expect(labels.map((l) => l.trim())).toEqual([
    "Debian / Ubuntu",
    "Fedora",
    "Arch",
    "macOS",
    "FreeBSD",
    "Windows (WSL2)",
    "Nix",
  ]);
});

test("the flake shown on the page is the flake file in the repository", async ({ page }) => {
  const file = readFileSync(join(import.meta.dirname, "..", "..", "examples", "nix", "flake.nix"), "utf8");
  await page.goto("getting-started/install/");
  const lines = page
    .locator("figure", { has: page.locator(".title", { hasText: /^flake\.nix$/ }) })
    .locator("pre .ec-line");
  // An empty line renders with a newline inside it; drop those so lines join exactly.
  const shown = (await lines.allTextContents())
    .map((l) => l.replaceAll("\n", ""))
    .join("\n")
    .replace(/\s+$/, "");
  expect(shown).toBe(file.replace(/\s+$/, ""));
});

test("build and run documents every make target", async ({ page }) => {
  await page.goto("getting-started/build-and-run/");
  for (const target of [
    "make iso-release",
    "make run-headless",
    "make limine",
    "make distclean",
    "make help",
  ]) {
    await expect(page.locator("td code", { hasText: new RegExp(`^${target}$`) })).toHaveCount(1);
  }
});

const PAGES = [
  "getting-started/",
  "getting-started/install/",
  "getting-started/build-and-run/",
  "getting-started/real-hardware/",
  "getting-started/troubleshooting/",
];

test("on a phone every host choice is on screen, without scrolling the tab list sideways", async ({
  page,
}, info) => {
  test.skip(info.project.name !== "phone", "a phone layout check");
  const viewport = page.viewportSize();
  if (!viewport) throw new Error("no viewport");
  for (const path of ["getting-started/install/", "getting-started/build-and-run/"]) {
    await page.goto(path);
    const lists = page.getByRole("tablist");
    expect(await lists.count()).toBeGreaterThan(0);
    for (const list of await lists.all()) {
      await list.scrollIntoViewIfNeeded();
      for (const tab of await list.getByRole("tab").all()) {
        const box = await tab.boundingBox();
        expect(box, `${path}: ${await tab.textContent()}`).not.toBeNull();
        if (!box) continue;
        expect(box.x, `${path}: ${await tab.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${path}: ${await tab.textContent()} ends on screen`).toBeLessThanOrEqual(
          viewport.width,
        );
      }
    }
  }
});

test("no copy button covers the text of a command", async ({ page }) => {
  for (const path of PAGES) {
    await page.goto(path);
    // Each frame's visible text boxes (clipped to the scrolling code area) against its copy button.
    const overlaps = await page.locator(".expressive-code figure.frame").evaluateAll((frames) => {
      const hits: string[] = [];
      for (const frame of frames) {
        if ((frame as HTMLElement).offsetParent === null) continue; // in a hidden tab panel
        const button = frame.querySelector(".copy button")?.getBoundingClientRect();
        const pre = frame.querySelector("pre")?.getBoundingClientRect();
        if (!button || !pre) continue;
        for (const line of frame.querySelectorAll(".ec-line")) {
          const range = document.createRange();
          range.selectNodeContents(line);
          for (const r of range.getClientRects()) {
            if (r.width === 0 || r.height === 0) continue;
            const left = Math.max(r.left, pre.left);
            const right = Math.min(r.right, pre.right);
            const top = Math.max(r.top, pre.top);
            const bottom = Math.min(r.bottom, pre.bottom);
            if (left >= right || top >= bottom) continue;
            if (left < button.right && right > button.left && top < button.bottom && bottom > button.top) {
              hits.push(`"${(line.textContent ?? "").trim().slice(0, 40)}"`);
              break;
            }
          }
        }
      }
      return hits;
    });
    expect(overlaps, path).toEqual([]);
  }
});

test("the boot excerpt goes to the end, so a reader can tell finished from stuck", async ({ page }) => {
  await page.goto("getting-started/build-and-run/");
  const boot = page.locator("pre", { hasText: "Sprint 11 Phase 3 COMPLETE." });
  await expect(boot).toHaveCount(1);
  await expect(page.locator("p", { hasText: "mean the boot has finished" })).toBeVisible();
});

test("no getting-started page scrolls sideways on a phone", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "a phone layout check");
  for (const path of PAGES) {
    await page.goto(path);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide, path).toBeLessThanOrEqual(0);
  }
});

test("no command, path or flag in a getting-started table breaks mid-word", async ({ page }) => {
  const split: string[] = [];
  for (const path of PAGES) {
    await page.goto(path);
    split.push(...(await splitIdentifiers(page)).map((s) => `/${path}: ${s}`));
  }
  expect(split).toEqual([]);
});
