import { expect, test } from "@playwright/test";

test("the search UI loads only when the reader opens search, then finds pages", async ({ page }) => {
  const pagefindRequests: string[] = [];
  page.on("request", (r) => {
    if (/\/pagefind\/|default-ui|search-ui/.test(r.url())) pagefindRequests.push(r.url());
  });
  await page.goto("", { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  expect(pagefindRequests, "nothing of search loads before it is opened").toEqual([]);

  await page.getByRole("button", { name: "Search" }).click();
  const input = page.getByRole("searchbox").or(page.locator("#starlight__search input")).first();
  await expect(input).toBeVisible();
  await input.fill("capability");
  const result = page.locator(".pagefind-ui__result").first();
  await expect(result).toBeVisible();
  expect(pagefindRequests.length).toBeGreaterThan(0);
  // Its styles came with it: Pagefind's layout (a result is a flex row, not a bare list item) with
  // Starlight's look on top (no rule between results).
  await expect(result).toHaveCSS("display", "flex");
  await expect(result).toHaveCSS("border-top-style", "none");
});

test("Ctrl+K opens search from the keyboard", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "phones have no keyboard shortcut");
  await page.goto("", { waitUntil: "networkidle" });
  await page.keyboard.press("Control+k");
  await expect(page.locator("dialog[open]")).toBeVisible();
});
