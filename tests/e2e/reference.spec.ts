import { expect, test } from "@playwright/test";
import { describeError } from "../../src/components/reference/format";
import { SYSCALLS } from "../../src/sim/abi/syscalls";
import { listPages, readPage, splitIdentifiers } from "./helpers";

const referencePages = listPages().filter((p) => p.startsWith("reference/"));
const tablePages = referencePages.filter((p) => readPage(p).includes("<table"));

test("the reference has tables to check", () => {
  expect(tablePages.length).toBeGreaterThanOrEqual(4);
});

for (const path of tablePages) {
  test(`/${path}: no identifier in a table breaks mid-word and no table is wider than the text`, async ({
    page,
  }) => {
    await page.goto(path);
    expect(await splitIdentifiers(page)).toEqual([]);
    // No table wider than the column of text, not even inside its own scroll box.
    const wide = await page.locator(".sl-markdown-content table").evaluateAll((ts) =>
      ts
        .filter((t) => {
          const column = t.closest(".sl-markdown-content")?.getBoundingClientRect();
          const box = t.getBoundingClientRect();
          return !column || t.scrollWidth > column.width + 1 || box.right > column.right + 1;
        })
        .map((t) => t.textContent?.slice(0, 60)),
    );
    expect(wide).toEqual([]);
  });
}

test("the syscall reference gives every error as the kernel does: its value and its meaning", async ({
  page,
}) => {
  await page.goto("reference/syscalls/");
  for (const s of SYSCALLS.filter((x) => x.errors.length > 0)) {
    const rows = page.locator(`section[aria-labelledby="sys_${s.name.toLowerCase()}"] table.errors tbody tr`);
    await expect(rows).toHaveCount(s.errors.length);
    for (const [i, e] of s.errors.entries()) {
      await expect(rows.nth(i)).toContainText(describeError(e.offset).symbolic);
      await expect(rows.nth(i)).toContainText(e.meaning);
    }
  }
});

test("the errors page lists, for each value, what it means for every syscall that returns it", async ({
  page,
}) => {
  await page.goto("reference/errors/");
  for (const s of SYSCALLS) {
    for (const e of s.errors) {
      const section = page.locator(`section[aria-labelledby="max-${e.offset}"]`);
      await expect(section.getByRole("heading", { level: 2 })).toHaveText(describeError(e.offset).symbolic);
      const row = section.getByRole("row").filter({ hasText: `SYS_${s.name}` });
      await expect(row).toContainText(e.meaning);
    }
  }
});

// The simulator's names for errors: E_SEND_NO_RIGHTS in its assembler, NO_RIGHTS in its tables.
const shortNames = [...new Set(SYSCALLS.flatMap((s) => s.errors.map((e) => e.name)))];
const simulatorName = `\\b(E_[A-Z0-9_]+|${shortNames.join("|")})\\b`;

for (const path of referencePages) {
  test(`/${path}: a simulator-only error name never stands as a kernel name`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "the words, not the layout");
    await page.goto(path);
    // Each E_* name must sit next to words that say it is the simulator's: in its line, its sentence or
    // its column's header.
    const unlabelled = await page.locator(".sl-markdown-content").evaluate((main, pattern) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const name of (n.textContent ?? "").match(new RegExp(pattern, "g")) ?? []) {
          const block = n.parentElement?.closest("small, p, li, td, th");
          let label = block?.textContent ?? "";
          if (block?.matches("td, th")) {
            const index = [...(block.parentElement?.children ?? [])].indexOf(block);
            label += block.closest("table")?.querySelectorAll("thead th")[index]?.textContent ?? "";
          }
          if (!/simulator/i.test(label)) found.push(name);
        }
      }
      return found;
    }, simulatorName);
    expect(unlabelled).toEqual([]);
  });
}
