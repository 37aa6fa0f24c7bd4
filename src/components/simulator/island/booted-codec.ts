/**
 * A booted machine as one string for a page's HTML: the build boots an embed's scenario and the page
 * resumes it. JSON with tagged values for what JSON lacks (Maps, byte arrays as hex, bigints,
 * Infinity), which is several times smaller in the page than Astro's own prop encoding of the same data.
 *
 * The boot's serial events repeat the console text word for word, and a boot scenario's log is some
 * 11 KB of it, too far from the console in the string for gzip to find the repeat: an event whose text
 * continues the console carries only its length (`{ $console: n }`), about 3 KB less per page, gzip.
 * Sequences of near-identical elements are written as runs (json-runs.ts).
 */
import { snapshotConsole } from "../../../sim/machine/parts";
import type { BootedScenario } from "../../../sim/session-core";
import type { TraceEvent } from "../../../sim/trace/events";
import { type Json, packRuns, unpackRuns } from "./json-runs";

type Tagged =
  | { $map: [unknown, unknown][] }
  | { $u8: string; $len: number }
  | { $u32: number[] }
  | { $big: string }
  | { $num: "inf" | "-inf" | "nan" };

function toHex(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  let s = "";
  for (let i = 0; i < end; i++) s += (bytes[i] ?? 0).toString(16).padStart(2, "0");
  return s;
}

function fromHex(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i * 2 < text.length && i < length; i++)
    out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A serial event whose text is the next `$console` characters of the console. */
interface ConsoleRef {
  readonly $console: number;
}

/** The boot events with each serial text that continues the console replaced by its length. */
function referToConsole(events: readonly TraceEvent[], console: string): unknown[] {
  let at = 0;
  return events.map((e) => {
    if (e.kind !== "serial" || e.text.length === 0 || !console.startsWith(e.text, at)) return e;
    at += e.text.length;
    return { ...e, text: { $console: e.text.length } satisfies ConsoleRef };
  });
}

/** Undoes referToConsole, in place: the texts are read back from the console in the same order. */
function readFromConsole(events: unknown[], console: string): void {
  let at = 0;
  for (const e of events as { kind: string; text?: unknown }[]) {
    const ref = e.kind === "serial" ? (e.text as Partial<ConsoleRef> | undefined) : undefined;
    if (typeof ref?.$console !== "number") continue;
    e.text = console.slice(at, at + ref.$console);
    at += ref.$console;
  }
}

export function encodeBooted(booted: BootedScenario): string {
  const events = referToConsole(booted.bootEvents, snapshotConsole(booted.snapshot));
  const tagged = JSON.stringify(
    { ...booted, bootEvents: events },
    function (this: Record<string, unknown>, key) {
      // The replacer's `value` has been through toJSON already; read the raw one from the holder.
      const raw = this[key];
      if (raw instanceof Map) return { $map: [...raw.entries()] } satisfies Tagged;
      if (raw instanceof Uint8Array) return { $u8: toHex(raw), $len: raw.length } satisfies Tagged;
      if (raw instanceof Uint32Array) return { $u32: [...raw] } satisfies Tagged;
      if (typeof raw === "bigint") return { $big: raw.toString() } satisfies Tagged;
      if (typeof raw === "number" && !Number.isFinite(raw))
        return { $num: Number.isNaN(raw) ? "nan" : raw > 0 ? "inf" : "-inf" } satisfies Tagged;
      return raw;
    },
  );
  return JSON.stringify(packRuns(JSON.parse(tagged) as Json));
}

/** Turns the tagged values back into Maps, byte arrays, bigints and infinities, innermost first. */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(revive);
  const v: Record<string, unknown> = Object.fromEntries(
    Object.entries(value).map(([k, x]) => [k, revive(x)]),
  );
  if ("$map" in v) return new Map(v.$map as [unknown, unknown][]);
  if ("$u8" in v) return fromHex(v.$u8 as string, v.$len as number);
  if ("$u32" in v) return Uint32Array.from(v.$u32 as number[]);
  if ("$big" in v) return BigInt(v.$big as string);
  if ("$num" in v) return v.$num === "inf" ? Infinity : v.$num === "-inf" ? -Infinity : Number.NaN;
  return v;
}

export function decodeBooted(text: string): BootedScenario {
  const booted = revive(unpackRuns(JSON.parse(text) as Json)) as BootedScenario;
  readFromConsole(booted.bootEvents as unknown[], snapshotConsole(booted.snapshot));
  return booted;
}
