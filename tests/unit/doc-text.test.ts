/**
 * Every syscall, error, capability type, right and glossary term in the site's tables has text a reader can
 * read: the reference pages and the glossary render these strings, so an empty one is a hole in the docs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { GLOSSARY } from "../../src/components/glossary/terms";
import { CAP_TYPE_SPECS, type CapKind } from "../../src/sim/abi/cap-types";
import { PROFILE_SWITCHES } from "../../src/sim/abi/profiles";
import { RIGHT_SPECS } from "../../src/sim/abi/rights";
import { SYSCALLS } from "../../src/sim/abi/syscalls";

const DOCS = join(import.meta.dirname, "..", "..", "docs");
/** A sentence, not a placeholder: at least two words. */
const prose = (s: string | undefined) => (s ?? "").trim().split(/\s+/).length >= 2;
/** Any text at all: some fields are rightly one word ("0", "ignored", "nobody"). */
const text = (s: string | undefined) => (s ?? "").trim().length > 0;

// Listing every kind here makes the compiler fail when CapObject gains a kind this test does not know.
const ALL_KINDS: Record<CapKind, true> = {
  Empty: true,
  Endpoint: true,
  MemoryFrame: true,
  Interrupt: true,
  IoPort: true,
  ThreadControl: true,
  Process: true,
  PmmAllocator: true,
};

describe("syscalls and errors", () => {
  test.each(SYSCALLS.map((s) => [s.name, s] as const))(
    "SYS_%s has a summary, returns and argument text",
    (_, s) => {
      expect(prose(s.summary), "summary").toBe(true);
      expect(text(s.returns), "returns").toBe(true);
      for (const a of s.args) expect(text(a.meaning), `argument ${a.name}`).toBe(true);
    },
  );

  test.each(SYSCALLS.map((s) => [s.name, s] as const))(
    "every error of SYS_%s says when it happens",
    (_, s) => {
      for (const e of s.errors) {
        expect(e.name, `error at offset ${e.offset}`).toMatch(/^[A-Z][A-Z_]+$/);
        expect(prose(e.meaning), `E_${s.name}_${e.name}`).toBe(true);
      }
      expect(new Set(s.errors.map((e) => e.name)).size).toBe(s.errors.length);
      expect(new Set(s.errors.map((e) => e.offset)).size).toBe(s.errors.length);
    },
  );

  test("syscall numbers are unique", () => {
    expect(new Set(SYSCALLS.map((s) => s.number)).size).toBe(SYSCALLS.length);
  });

  test("every profile switch says what the code does, what the design says, and where", () => {
    for (const p of PROFILE_SWITCHES) {
      expect(prose(p.asBuilt) && prose(p.design) && prose(p.title), p.key).toBe(true);
      expect(p.source).toMatch(/\.(rs|toml|ld)\b/);
    }
  });
});

describe("capability types and rights", () => {
  test("the type table covers every kind of capability object", () => {
    expect(CAP_TYPE_SPECS.map((c) => c.kind).sort()).toEqual(Object.keys(ALL_KINDS).sort());
  });

  test.each(Object.keys(ALL_KINDS))("the capability type %s has a glossary entry", (kind) => {
    const entry = GLOSSARY.find((t) => t.kind === "capability" && t.capKind === kind);
    expect(entry, `no glossary entry for ${kind}`).toBeDefined();
    expect(prose(entry?.definition)).toBe(true);
    const spec = CAP_TYPE_SPECS.find((c) => c.kind === kind);
    expect(text(spec?.mintedBy), `who mints ${kind}`).toBe(true);
  });

  test.each(RIGHT_SPECS.map((r) => r.name))("the right %s has a glossary entry", (name) => {
    const entry = GLOSSARY.find((t) => t.kind === "right" && t.right === name);
    expect(entry, `no glossary entry for ${name}`).toBeDefined();
    expect(prose(entry?.definition)).toBe(true);
  });
});

describe("glossary", () => {
  test("ids are unique anchors", () => {
    const ids = GLOSSARY.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  test.each(GLOSSARY.map((t) => [t.id, t] as const))("%s has a definition and a page that exists", (_, t) => {
    expect(prose(t.term)).toBe(t.term.includes(" "));
    expect(t.definition.trim().length).toBeGreaterThan(30);
    expect(t.definition).toMatch(/[.!?]$/);
    if (t.see) {
      const route = t.see.path.replace(/\/$/, "");
      const exists = [".mdx", ".md", "/index.mdx"].some((ext) => existsSync(join(DOCS, `${route}${ext}`)));
      expect(exists, `${t.id} points at ${t.see.path}, which has no page`).toBe(true);
    }
  });

  test("every pattern is a valid regular expression", () => {
    for (const t of GLOSSARY)
      for (const m of t.match) expect(() => new RegExp(m), `${t.id}: ${m}`).not.toThrow();
  });
});
