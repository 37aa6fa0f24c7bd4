import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeShare, encodeShare, MAX_LENGTH, SHARE_PREFIX, type SharedState } from "./codec";
import { BUILTIN_SCENARIOS, parseScenario } from "./engine";

const builtinIds = Object.keys(BUILTIN_SCENARIOS);

const sharedState = fc
  .record({
    id: fc.constantFrom(...builtinIds),
    edits: fc.array(fc.string({ maxLength: 200, unit: "binary" }), { maxLength: 3 }),
    profile: fc.constantFrom("as-built" as const, "design" as const),
    tick: fc.nat({ max: 2 ** 40 }),
  })
  .map(({ id, edits, profile, tick }): SharedState => {
    const input = structuredClone(BUILTIN_SCENARIOS[id]) as { programs: Record<string, unknown> };
    Object.keys(input.programs).forEach((name, i) => {
      if (edits[i] !== undefined) input.programs[name] = { source: edits[i] };
    });
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    return { scenario: parsed.scenario, profile, tick };
  });

async function validLink(): Promise<string> {
  const parsed = parseScenario(BUILTIN_SCENARIOS["ipc-ping-pong"]);
  if (!parsed.ok) throw new Error("builtin does not parse");
  const r = await encodeShare({ scenario: parsed.scenario, profile: "design", tick: 1234 });
  if (!r.ok) throw new Error(r.error);
  return r.fragment;
}

describe("share link codec", () => {
  test("any scenario, with any edited programs, profile and tick, round-trips", async () => {
    await fc.assert(
      fc.asyncProperty(sharedState, async (state) => {
        const link = await encodeShare(state);
        if (!link.ok) {
          expect(link.length).toBeGreaterThan(MAX_LENGTH);
          return;
        }
        expect(link.fragment.startsWith(`${SHARE_PREFIX}v1.`)).toBe(true);
        expect(link.fragment).toMatch(/^#share=v1\.[A-Za-z0-9_-]+$/);
        const back = await decodeShare(link.fragment);
        expect(back).toEqual({ ok: true, state });
      }),
      { numRuns: 60 },
    );
  });

  test("built-in scenarios make short links", async () => {
    const link = await validLink();
    expect(link.length).toBeLessThan(2_000);
  });

  test("random text never throws, only returns an error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (junk) => {
        const r = await decodeShare(`${SHARE_PREFIX}${junk}`);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
        const v = await decodeShare(`${SHARE_PREFIX}v1.${junk}`);
        expect(v.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("a mutated or truncated link never throws; it opens only if it still holds a valid scenario", async () => {
    const link = await validLink();
    const body = link.slice(SHARE_PREFIX.length + 3);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_!%.";
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: body.length - 1 }),
        fc.constantFrom(...alphabet),
        fc.nat({ max: body.length }),
        async (at, ch, cut) => {
          const mutated = `${SHARE_PREFIX}v1.${body.slice(0, at)}${ch}${body.slice(at + 1)}`;
          const r = await decodeShare(mutated);
          if (r.ok) expect(parseScenario(r.state.scenario).ok).toBe(true);
          const truncated = await decodeShare(`${SHARE_PREFIX}v1.${body.slice(0, cut)}`);
          if (cut < body.length - 4) expect(truncated.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("each kind of bad link gets its own message", async () => {
    const link = await validLink();
    const cases: [string, RegExp][] = [
      [`${link}${"A".repeat(20_000)}`, /over the 8,000/],
      [link.replace("v1.", "v9."), /another version/],
      [link.replace("v1.", ""), /no version/],
      [`${link.slice(0, 40)}`, /cut short|damaged/],
      [`${SHARE_PREFIX}v1.${"%%%"}`, /characters a share link never has/],
    ];
    for (const [hash, message] of cases) {
      const r = await decodeShare(hash);
      expect(r.ok, hash.slice(0, 30)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });

  test("a link that unpacks past 1 MiB is refused before parsing", async () => {
    const huge = new TextEncoder().encode(`{"s":"${"x".repeat(2 << 20)}"}`);
    const stream = new Blob([huge]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const b64 = Buffer.from(packed).toString("base64url");
    expect(b64.length).toBeLessThan(MAX_LENGTH);
    const r = await decodeShare(`${SHARE_PREFIX}v1.${b64}`);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/more than 1 MiB/) });
  });

  test("a scenario the schema rejects is refused with the schema's message", async () => {
    const json = JSON.stringify({ s: { version: 2 }, p: "design", t: 0 });
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const b64 = Buffer.from(await new Response(stream).arrayBuffer()).toString("base64url");
    const r = await decodeShare(`${SHARE_PREFIX}v1.${b64}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/scenario is not valid: version/);
  });
});
