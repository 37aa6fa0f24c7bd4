import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { linkOf, shareLink, validScenario } from "../../../fuzz/arbitraries";
import { decodeShare, encodeShare, MAX_LENGTH, SHARE_PREFIX, type SharedState } from "./codec";
import { BUILTIN_SCENARIOS, parseScenario } from "./engine";

/** Any scenario the schema accepts (the fuzz harness's), with any profile and tick. */
const sharedState = fc
  .tuple(validScenario, fc.constantFrom("as-built" as const, "design" as const), fc.nat({ max: 2 ** 40 }))
  .map(([input, profile, tick]): SharedState => {
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    return { scenario: parsed.scenario, profile, tick };
  });

/** A link packed by hand, as someone might craft one. */
const handMade = (payload: object) => linkOf(JSON.stringify(payload));

async function validLink(): Promise<string> {
  const parsed = parseScenario(BUILTIN_SCENARIOS["ipc-ping-pong"]);
  if (!parsed.ok) throw new Error("builtin does not parse");
  const r = await encodeShare({ scenario: parsed.scenario, profile: "design", tick: 1234 });
  if (!r.ok) throw new Error(r.error);
  return r.fragment;
}

describe("share link codec", () => {
  test("any valid scenario, with any profile and tick, round-trips", async () => {
    let roundTrips = 0;
    await fc.assert(
      fc.asyncProperty(sharedState, async (state) => {
        const link = await encodeShare(state);
        if (!link.ok) {
          expect(link.length).toBeGreaterThan(MAX_LENGTH);
          return;
        }
        roundTrips++;
        expect(link.fragment.startsWith(`${SHARE_PREFIX}v1.`)).toBe(true);
        expect(link.fragment).toMatch(/^#share=v1\.[A-Za-z0-9_-]+$/);
        const back = await decodeShare(link.fragment);
        expect(back).toEqual({ ok: true, state });
      }),
      { numRuns: 150 },
    );
    // Most fit in a link; the rest are refused for their length alone.
    expect(roundTrips).toBeGreaterThan(75);
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

  test("a link whose scenario is text, a number or a list holds no scenario", async () => {
    const text = JSON.stringify(BUILTIN_SCENARIOS.hello);
    for (const s of [text, 5, [], null]) {
      const r = await decodeShare(handMade({ s, p: "design", t: 0 }));
      expect(r, JSON.stringify(s).slice(0, 20)).toEqual({ ok: false, error: "This link holds no scenario." });
    }
  });

  test("a scenario the schema rejects is refused with the schema's message", async () => {
    const json = JSON.stringify({ s: { version: 2 }, p: "design", t: 0 });
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const b64 = Buffer.from(await new Response(stream).arrayBuffer()).toString("base64url");
    const r = await decodeShare(`${SHARE_PREFIX}v1.${b64}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/scenario is not valid: version/);
  });

  test("any link, made by the page, edited by hand or not a link at all, decodes or is refused, never throws", async () => {
    await fc.assert(
      fc.asyncProperty(shareLink, async (link) => {
        const r = await decodeShare(link);
        if (r.ok) expect(parseScenario(r.state.scenario).ok).toBe(true);
        else expect(r.error).toMatch(/^This /);
      }),
      { numRuns: 300 },
    );
  });

  test("a link that nests its data thousands of levels deep is refused, naming the limit", async () => {
    const r = await decodeShare(
      linkOf(`{"s":${"[".repeat(100_000)}${"]".repeat(100_000)},"p":"design","t":0}`),
    );
    expect(r.ok ? "" : r.error).toMatch(/not a scenario's JSON \(nested too deep: limit jsonDepth/);
  });

  test("a scenario with a Wasm guest never travels in a link: the page will not make one, nor open one", async () => {
    const parsed = parseScenario({ ...BUILTIN_SCENARIOS.hello, wasmGuest: "(module)" });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const made = await encodeShare({ scenario: parsed.scenario, profile: "design", tick: 0 });
    expect(made).toEqual({ ok: false, length: 0, error: expect.stringMatching(/Wasm guest.*as a file/) });
    const crafted = await decodeShare(handMade({ s: parsed.scenario, p: "design", t: 0 }));
    expect(crafted.ok ? "" : crafted.error).toMatch(
      /^This link's scenario has a Wasm guest, and links never carry code/,
    );
    // The same scenario without its guest opens.
    const { wasmGuest: _, ...plain } = parsed.scenario;
    expect((await decodeShare(handMade({ s: plain, p: "design", t: 0 }))).ok).toBe(true);
  });
});
