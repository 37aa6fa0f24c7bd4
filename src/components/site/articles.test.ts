import { describe, expect, it } from "vitest";
import { indefiniteArticle, withArticle } from "./articles";

describe("indefiniteArticle", () => {
  it.each([
    // Every capability kind the reference names (src/sim/abi/cap-types.ts).
    ["Endpoint", "an"],
    ["IoPort", "an"],
    ["Interrupt", "an"],
    ["MemoryFrame", "a"],
    ["Process", "a"],
    ["PmmAllocator", "a"],
    ["ThreadControl", "a"],
    ["Empty", "an"],
    // Spelling is not sound.
    ["user", "a"],
    ["userspace", "a"],
    ["unique", "a"],
    ["one-shot", "a"],
    ["unused", "an"],
    ["hour", "an"],
    ["x86-64", "an"],
    // Initialisms read letter by letter.
    ["MSR", "an"],
    ["HP", "an"],
    ["USB", "a"],
    ["UEFI", "a"],
    ["PCI", "a"],
    ["IRQ", "an"],
    // Numbers read as numbers.
    ["8-bit", "an"],
    ["80", "an"],
    ["11", "an"],
    ["18-entry", "an"],
    ["64-slot", "a"],
    ["110", "a"],
  ])("%s takes %s", (word, article) => {
    expect(indefiniteArticle(word)).toBe(article);
  });

  it("ignores markup-like punctuation before the word", () => {
    expect(indefiniteArticle("`IoPort`")).toBe("an");
  });

  it("puts the article before the word", () => {
    expect(withArticle("Endpoint")).toBe("an Endpoint");
    expect(withArticle("MemoryFrame")).toBe("a MemoryFrame");
  });
});
