/**
 * Search finds the right page first, as a reader sees it in the search dialog: syscalls by name and number,
 * error values in every form a reader meets them, and the topics readers ask about.
 */
import { expect, type Page, test } from "@playwright/test";

/** Types a query into the site's search dialog and returns the page of the first result, relative to the base. */
async function firstResult(page: Page, query: string): Promise<string> {
  await page.goto("", { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Search" }).click();
  const input = page.locator("#starlight__search input");
  await expect(input).toBeVisible();
  await input.fill(query);
  const message = page.locator(".pagefind-ui__message");
  await expect(message).toContainText(query, { timeout: 15_000 });
  const link = page.locator(".pagefind-ui__result-link").first();
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href")) ?? "";
  const base = new URL(page.url()).pathname;
  return new URL(href, page.url()).pathname.slice(base.length).replace(/#.*$/, "");
}

/** Each query and the page a reader expects on top; a list when any of those pages answers the question. */
const EXPECTED: readonly [query: string, pages: readonly string[]][] = [
  ["SYS_MAP_MEMORY", ["reference/syscalls/"]],
  ["syscall 8", ["reference/syscalls/"]],
  // An error value as a debugger prints it, as init's messages print it, and as the kernel's docs write it:
  // the top page must say what the value means, per syscall.
  ["0xFFFFFFFFFFFFFFF9", ["architecture/syscalls/"]],
  ["18446744073709551615", ["architecture/syscalls/"]],
  ["u64::MAX - 6", ["reference/syscalls/", "reference/errors/", "architecture/syscalls/"]],
  ["virtio block PCI", ["architecture/pci-and-virtio/"]],
  ["page fault", ["architecture/interrupts/"]],
  ["reaper dead queue", ["architecture/scheduling/"]],
  ["triple fault", ["architecture/debugging/"]],
  ["exit qemu", ["getting-started/build-and-run/"]],
  ["quit qemu", ["getting-started/build-and-run/", "getting-started/troubleshooting/"]],
];

test.describe("search puts the right page first", () => {
  for (const [query, pages] of EXPECTED) {
    test(`"${query}" → ${pages.join(" or ")}`, async ({ page }, info) => {
      test.skip(info.project.name !== "desktop", "ranking does not depend on the screen; once is enough");
      expect(pages).toContain(await firstResult(page, query));
    });
  }
});
