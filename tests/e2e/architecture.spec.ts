/**
 * The architecture section and the reference pages it leans on, as a reader meets them on the built site:
 * the facts that were once wrong stay fixed, every page has its parts, diagrams are labelled, themed and fit
 * a phone, and every glossary term's first use links to its definition.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { BOOT_PHASES } from "../../src/components/diagrams/boot-phases";
import { hexAddress } from "../../src/components/diagrams/memory-map";
import { compileTerm } from "../../src/components/glossary/glossary-links";
import { GLOSSARY } from "../../src/components/glossary/terms";
import { UPSTREAM_COMMIT } from "../../src/sim/abi/profiles";
import { LAYOUT } from "../../src/sim/kernel/layout";
import { BUILTIN_SCENARIOS } from "../../src/sim/scenario/builtins";
import { listPages, readPage } from "./helpers";

const pages = listPages();
const architecturePages = pages.filter((p) => p.startsWith("architecture/"));
const mechanismPages = architecturePages.filter((p) => p !== "architecture/");
const referencePages = pages.filter((p) => p.startsWith("reference/"));
/**
 * Pages whose running text gets glossary links and whose parts this file checks: the architecture section
 * and every reference page but the glossary itself, which is where the links lead (its entries are the
 * definitions, so linking a term there would only point at itself).
 */
const ownPages = [...architecturePages, ...referencePages.filter((p) => p !== "reference/glossary/")];

/** The visible text of a built page's main content, tags stripped and entities decoded. */
function mainText(path: string): string {
  const html = readPage(path);
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  return (
    main
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
      // Block ends become spaces so that lines of a code block stay apart; inline tags vanish.
      .replace(/<\/(?:div|p|li|tr|td|th|pre|h\d|figcaption|dd|dt)>/g, " ")
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, " ")
  );
}

const filesOnly = (name: string) => name !== "desktop";

test.describe("facts that were wrong stay right", () => {
  test("the memory page calls the frame allocator a bitmap and never a buddy allocator", ({
    browserName,
  }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    const text = mainText("architecture/memory/");
    expect(text).toMatch(/bitmap allocator/i);
    expect(text).not.toMatch(/buddy/i);
  });

  test("the processes page names the kernel's ELF loader instead of saying there is none", ({
    browserName,
  }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    const text = mainText("architecture/processes-and-userspace/");
    expect(text).not.toMatch(/no loader in the kernel/i);
    expect(text).toContain("kernel/src/fs/elf.rs");
    expect(readPage("architecture/processes-and-userspace/")).toContain(
      `https://github.com/nadeeshafdo/MinimalOS/blob/${UPSTREAM_COMMIT}/kernel/src/fs/elf.rs`,
    );
  });

  test("the boot page numbers the phases with the serial log's own lines, in order", ({
    browserName,
  }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    const text = mainText("architecture/boot/");
    let at = -1;
    for (const p of BOOT_PHASES) {
      if (!p.header) continue;
      const i = text.indexOf(p.header, at + 1);
      expect(i, `${p.header} after the previous phase`).toBeGreaterThan(at);
      at = i;
    }
  });

  test("the memory map shows every layout constant the simulator uses, with its value", ({
    browserName,
  }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    for (const page of ["reference/memory-map/", "architecture/memory/"]) {
      const text = mainText(page);
      for (const [key, value] of Object.entries(LAYOUT)) {
        expect(text, `${page} shows ${key}`).toContain(hexAddress(BigInt(value)));
      }
    }
  });
});

test.describe("every page has its parts", () => {
  test("each architecture page has the upstream commit, an as-built-vs-design box, source links, a runnable scenario and the simulator in the page", ({
    browserName,
  }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    expect(mechanismPages.length).toBeGreaterThanOrEqual(12);
    for (const page of mechanismPages) {
      const html = readPage(page);
      const text = mainText(page);
      expect(html, `${page}: upstream commit`).toMatch(
        new RegExp(`class="upstream-commit[^"]*"[^>]*>[\\s\\S]*?${UPSTREAM_COMMIT}`),
      );
      expect(html, `${page}: as built vs design`).toContain('aria-label="As built vs design"');
      expect(html, `${page}: source links`).toContain(
        `https://github.com/nadeeshafdo/MinimalOS/blob/${UPSTREAM_COMMIT}/`,
      );
      const ids = [...text.matchAll(/npx mnos-sim (?:run|diff) ([a-z0-9-]+)/g)].map((m) => m[1] ?? "");
      expect(ids.length, `${page}: a simulator command`).toBeGreaterThan(0);
      for (const id of ids) expect(Object.keys(BUILTIN_SCENARIOS), `${page}: scenario ${id}`).toContain(id);
      expect(text, `${page}: no promise of later work`).not.toMatch(/coming soon|comes next/i);
      // The embed: its island, and the machine the build booted for it (Simulator.astro).
      expect(html, `${page}: a simulator embed`).toContain('class="sim sim--embed');
      expect(html, `${page}: the embed's booted machine`).toMatch(
        /<script type="application\/json" id="sim-[a-z0-9-]+-1-booted">/,
      );
    }
  });

  test("every reference page names the upstream commit it describes", ({ browserName }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    for (const page of referencePages) {
      expect(mainText(page), page).toContain(
        `Describes upstream nadeeshafdo/MinimalOS at ${UPSTREAM_COMMIT}`,
      );
    }
  });

  test("the worked example shows what the simulator printed for it", ({ browserName }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    const text = mainText("architecture/worked-example/");
    expect(text).toContain("[example] slot 9 is empty: 0xFFFFFFFFFFFFFFFF");
    expect(text).toContain("[example] port 0x2F8 is outside the capability: 0xFFFFFFFFFFFFFFFB");
    expect(text).toContain("[example] slot 1 is not an IoPort: 0xFFFFFFFFFFFFFFFD");
  });
});

const DIAGRAMS: Record<string, string[]> = {
  "architecture/": ["layers"],
  "architecture/boot/": ["boot-phases"],
  "architecture/memory/": ["address-space"],
  "architecture/capabilities/": ["capability-flow"],
  "architecture/ipc/": ["ipc-rendezvous"],
  "architecture/scheduling/": ["scheduler-queues"],
  "architecture/interrupts/": ["irq-routing"],
  "architecture/wasm-sandbox/": ["wasm-bridge"],
  "architecture/pci-and-virtio/": ["pci-to-capability"],
  "reference/memory-map/": ["address-space"],
};

test.describe("diagrams", () => {
  for (const [page, ids] of Object.entries(DIAGRAMS)) {
    test(`${page} draws ${ids.join(", ")}: labelled, themed, no script, within a phone's width`, async ({
      page: tab,
    }) => {
      await tab.goto(page);
      for (const id of ids) {
        const figure = tab.locator(`figure[data-diagram="${id}"]`);
        await expect(figure).toBeVisible();
        const labelledBy = await figure.getAttribute("aria-labelledby");
        const describedBy = await figure.getAttribute("aria-describedby");
        await expect(tab.locator(`#${labelledBy}`)).toHaveText(/\w{3,}/);
        await expect(tab.locator(`figcaption#${describedBy}`)).toHaveText(/\w{3,}.*\w{3,}/);
        await expect(figure.locator("script")).toHaveCount(0);
        const box = await figure.boundingBox();
        const width = await tab.evaluate(() => document.documentElement.clientWidth);
        expect((box?.x ?? 0) + (box?.width ?? 0), `${id} fits the viewport`).toBeLessThanOrEqual(width + 1);
      }
      const overflow = await tab.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, "the page does not scroll sideways").toBeLessThanOrEqual(0);
    });
  }

  test("the list above names every diagram the site draws", ({ browserName }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    for (const page of pages) {
      const drawn = [...readPage(page).matchAll(/data-diagram="([^"]+)"/g)].map((m) => m[1]);
      expect(drawn, page).toEqual(DIAGRAMS[page] ?? []);
    }
  });

  for (const [page, ids] of Object.entries(DIAGRAMS)) {
    test(`${page}: ${ids.join(", ")} follow the light and the dark theme`, async ({ page: tab }, info) => {
      test.skip(filesOnly(info.project.name), "colours do not depend on the layout");
      /** Every part's text colour, and its background and border where it draws one. */
      const colours = (id: string) =>
        tab.locator(`figure[data-diagram="${id}"]`).evaluate((figure) =>
          [figure, ...figure.querySelectorAll("*")].map((el) => {
            const s = getComputedStyle(el);
            const drawn = (c: string, width = "1px") =>
              c === "rgba(0, 0, 0, 0)" || width === "0px" ? "" : c;
            return [
              s.color,
              drawn(s.backgroundColor),
              drawn(s.borderTopColor, s.borderTopWidth),
              drawn(s.borderLeftColor, s.borderLeftWidth),
            ];
          }),
        );
      const seen: Record<string, string[][][]> = {};
      for (const theme of ["light", "dark"]) {
        await tab.addInitScript((t) => localStorage.setItem("starlight-theme", t), theme);
        await tab.goto(page);
        await expect(tab.locator("html")).toHaveAttribute("data-theme", theme);
        for (const id of ids) seen[id] = [...(seen[id] ?? []), await colours(id)];
      }
      for (const id of ids) {
        const [light = [], dark = []] = seen[id] ?? [];
        expect(dark.length, id).toBe(light.length);
        for (const [i, parts] of light.entries()) {
          for (const [k, c] of parts.entries()) {
            // A colour that stays the same in both themes was written into the diagram, not themed.
            if (c) expect(dark[i]?.[k], `${id}: part ${i}, property ${k} (${c})`).not.toBe(c);
          }
        }
      }
    });
  }

  test("no page ships a script for its diagrams", ({ browserName }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    const scripts = (p: string) => {
      const html = readPage(p);
      const srcs = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1] ?? "");
      // Expressive Code's script belongs to code blocks (their copy button), not to diagrams.
      return srcs
        .filter((s) => !(/\/ec\.[\w-]+\.js$/.test(s) && html.includes('class="expressive-code')))
        .sort();
    };
    // A page with no diagram and no code block is the baseline every diagram page must match.
    const baseline = scripts("reference/init-cnode/");
    for (const page of Object.keys(DIAGRAMS)) expect(scripts(page), page).toEqual(baseline);
  });
});

test.describe("glossary links", () => {
  const terms = GLOSSARY.map(compileTerm)
    .filter((t) => t !== undefined)
    .map((t) => ({ id: t.term.id, source: t.anywhere.source, flags: t.anywhere.flags }));

  for (const page of ownPages) {
    test(`${page}: the first use of every term links to the glossary`, async ({ page: tab }, info) => {
      test.skip(filesOnly(info.project.name), "one layout is enough for the text");
      await tab.goto(page);
      const problems = await tab.evaluate((list) => {
        const content = document.querySelector(".sl-markdown-content");
        if (!content) return ["no content"];
        // Not running text: headings, code, figures, components that mark their text (each mark says why,
        // src/components/glossary/skip-reasons.ts), link cards (a card is one link: a glossary link in it
        // could not be told apart), and what a reader never sees as text (an embed's data block and
        // Astro's scripts; noscript shows only without scripts, when this walk cannot run).
        const skip =
          "h1,h2,h3,h4,h5,h6,pre,figure,.not-content,[data-glossary-skip],.expressive-code,.starlight-aside__title,.sl-link-card,script,style,noscript";
        const compiled = list.map((t) => ({
          ...t,
          re: new RegExp(t.source, t.flags),
          whole: new RegExp(`^(?:${t.source})$`, t.flags),
        }));
        const linked = new Set<string>();
        const out: string[] = [];
        for (const el of content.querySelectorAll("[data-glossary-skip]")) {
          const reason = el.getAttribute("data-glossary-skip") ?? "";
          if (reason.trim().split(/\s+/).length < 4)
            out.push(`<${el.tagName.toLowerCase()} data-glossary-skip> gives no reason: "${reason}"`);
        }
        const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const parent = n.parentElement;
          if (!parent || parent.closest(skip)) continue;
          const a = parent.closest("a");
          if (a) {
            const id = a.getAttribute("data-glossary");
            if (id) {
              if (!a.getAttribute("href")?.endsWith(`reference/glossary/#${id}`)) out.push(`${id}: bad href`);
              linked.add(id);
            }
            continue;
          }
          const code = parent.closest("code");
          const text = n.textContent ?? "";
          for (const t of compiled) {
            if (linked.has(t.id)) continue;
            const used = code ? t.whole.test(text) : t.re.test(text);
            if (used) out.push(`"${t.id}" first used unlinked in: ${text.trim().slice(0, 80)}`);
          }
        }
        return out;
      }, terms);
      expect(problems).toEqual([]);
    });
  }

  test("glossary links are few: at most one per term on a page", ({ browserName }, info) => {
    void browserName;
    test.skip(filesOnly(info.project.name), "reads files; once is enough");
    for (const page of ownPages) {
      const ids = [...readPage(page).matchAll(/data-glossary="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, page).toBe(ids.length);
    }
  });
});

test.describe("every page fits the screen", () => {
  for (const page of ownPages) {
    test(`${page} does not scroll sideways`, async ({ page: tab }) => {
      await tab.goto(page);
      const overflow = await tab.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

test.describe("accessibility beyond WCAG A and AA", () => {
  for (const page of ownPages) {
    test(`${page}: axe's full default rule set finds nothing in the content`, async ({ page: tab }) => {
      await tab.goto(page);
      const results = await new AxeBuilder({ page: tab }).include("main").analyze();
      const summary = results.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      );
      expect(summary).toEqual([]);
    });
  }
});
