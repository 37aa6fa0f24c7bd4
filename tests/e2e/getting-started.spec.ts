import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

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
  await expect(page.getByText("sudo dnf install rustup && rustup-init")).toBeVisible();
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
  const lines = page.locator("figure", { hasText: "flake.nix" }).locator("pre .ec-line");
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
