/**
 * Share links: the scenario (with the reader's programs), the kernel profile and the exact tick, as JSON,
 * deflated with the browser's CompressionStream and written base64url in the URL fragment:
 * `#share=v1.<payload>`. Decoding never throws: every way a link can be wrong becomes a message, and a link
 * holds data only (the scenario schema validates it; nothing in it runs but the simulator's own assembly).
 * So a scenario with a Wasm guest (`wasmGuest`, WebAssembly text the page would compile and run) never
 * travels in a link: encoding refuses it, and so does decoding a link someone made by hand.
 */
import type { ProfileName, Scenario } from "./engine-core";

export const SHARE_PREFIX = "#share=";
export const SHARE_VERSION = "v1";
/** Chat apps cut links near 2,000 characters; browsers and servers differ above 8,000. */
export const WARN_LENGTH = 2_000;
export const MAX_LENGTH = 8_000;
/** A link never inflates past this before it is parsed. */
export const MAX_DECOMPRESSED = 1 << 20;

export interface SharedState {
  readonly scenario: Scenario;
  readonly profile: ProfileName;
  readonly tick: number;
}

export type DecodeResult = { ok: true; state: SharedState } | { ok: false; error: string };

export type EncodeResult =
  | { ok: true; fragment: string; length: number; long: boolean }
  | { ok: false; length: number; error: string };

const NO_GUEST_IN_LINKS =
  "links never carry code to run, and a Wasm guest (wasmGuest) is code: share the scenario as a file instead.";

export async function encodeShare(state: SharedState): Promise<EncodeResult> {
  if (state.scenario.wasmGuest !== undefined)
    return { ok: false, length: 0, error: `This scenario has a Wasm guest, and ${NO_GUEST_IN_LINKS}` };
  const json = JSON.stringify({ s: state.scenario, p: state.profile, t: state.tick });
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"));
  const fragment = `${SHARE_PREFIX}${SHARE_VERSION}.${toBase64Url(packed ?? new Uint8Array(0))}`;
  if (fragment.length > MAX_LENGTH)
    return {
      ok: false,
      length: fragment.length,
      error: `The link would be ${fragment.length.toLocaleString("en")} characters, over the ${MAX_LENGTH.toLocaleString("en")} a link can carry safely: save the scenario as a file instead.`,
    };
  return { ok: true, fragment, length: fragment.length, long: fragment.length > WARN_LENGTH };
}

/** Whether a URL fragment is meant as a share link at all (other fragments are ignored, not errors). */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

export async function decodeShare(hash: string): Promise<DecodeResult> {
  const fail = (error: string): DecodeResult => ({ ok: false, error });
  if (!isShareFragment(hash)) return fail("This is not a simulator share link.");
  if (hash.length > MAX_LENGTH)
    return fail(
      `This link is ${hash.length.toLocaleString("en")} characters long, over the ${MAX_LENGTH.toLocaleString("en")} a share link may have. It may have been pasted twice or joined with other text.`,
    );
  const body = hash.slice(SHARE_PREFIX.length);
  const dot = body.indexOf(".");
  const version = dot < 0 ? "" : body.slice(0, dot);
  if (version !== SHARE_VERSION)
    return fail(
      /^v\d+$/.test(version)
        ? `This link was made by another version of the simulator (${version}); this page reads ${SHARE_VERSION}.`
        : "This link is damaged: it has no version.",
    );
  const bytes = fromBase64Url(body.slice(dot + 1));
  if (!bytes || bytes.length === 0)
    return fail("This link is damaged: it has characters a share link never has.");
  let json: string;
  try {
    const inflated = await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_DECOMPRESSED);
    if (inflated === null) return fail("This link unpacks to more than 1 MiB, more than any scenario needs.");
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    return fail("This link is damaged or cut short: it does not unpack.");
  }
  // The schema comes with the decoder only: an embed that just makes links does not load it.
  const { parseJson, parseScenario } = await import("../../../sim/scenario/schema");
  const parsedJson = parseJson(json);
  if (!parsedJson.ok)
    return fail(`This link is damaged: what it holds is not a scenario's JSON (${parsedJson.error}).`);
  const data = parsedJson.data;
  if (typeof data !== "object" || data === null) return fail("This link holds no scenario.");
  const { s, p, t } = data as Record<string, unknown>;
  if (p !== "as-built" && p !== "design")
    return fail('This link names no kernel profile ("as-built" or "design").');
  if (typeof t !== "number" || !Number.isSafeInteger(t) || t < 0)
    return fail("This link's position is not a whole number of ticks.");
  // A scenario travels as an object: a string here would be parsed as JSON text a second time.
  if (typeof s !== "object" || s === null || Array.isArray(s)) return fail("This link holds no scenario.");
  if (Object.hasOwn(s, "wasmGuest"))
    return fail(`This link's scenario has a Wasm guest, and ${NO_GUEST_IN_LINKS}`);
  const parsed = parseScenario(s);
  if (!parsed.ok) return fail(`This link's scenario is not valid: ${parsed.errors.slice(0, 3).join("; ")}`);
  return { ok: true, state: { scenario: parsed.scenario, profile: p, tick: t } };
}

/** Runs bytes through a (de)compression stream; null when the output passes `limit` bytes. */
async function pipe(input: Uint8Array, stream: TransformStream<BufferSource, Uint8Array>, limit = Infinity) {
  const writer = stream.writable.getWriter();
  // Errors surface on the reader; the writer's promises are awaited only to avoid unhandled rejections.
  writer.write(input as BufferSource).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i] ?? 0);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
