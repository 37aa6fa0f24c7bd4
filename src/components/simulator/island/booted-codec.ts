/**
 * A booted machine as one string for a page's HTML: the build boots an embed's scenario and the page
 * resumes it. JSON with tagged values for what JSON lacks (Maps, byte arrays as base64, bigints,
 * Infinity), which is several times smaller in the page than Astro's own prop encoding of the same data.
 */
import type { BootedScenario } from "../../../sim/session-core";

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

export function encodeBooted(booted: BootedScenario): string {
  return JSON.stringify(booted, function (this: Record<string, unknown>, key: string) {
    // The replacer's `value` has been through toJSON already; read the raw one from the holder.
    const raw = this[key];
    if (raw instanceof Map) return { $map: [...raw.entries()] } satisfies Tagged;
    if (raw instanceof Uint8Array) return { $u8: toHex(raw), $len: raw.length } satisfies Tagged;
    if (raw instanceof Uint32Array) return { $u32: [...raw] } satisfies Tagged;
    if (typeof raw === "bigint") return { $big: raw.toString() } satisfies Tagged;
    if (typeof raw === "number" && !Number.isFinite(raw))
      return { $num: Number.isNaN(raw) ? "nan" : raw > 0 ? "inf" : "-inf" } satisfies Tagged;
    return raw;
  });
}

export function decodeBooted(text: string): BootedScenario {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const v = value as Partial<Record<string, unknown>>;
    if ("$map" in v) return new Map(v.$map as [unknown, unknown][]);
    if ("$u8" in v) return fromHex(v.$u8 as string, v.$len as number);
    if ("$u32" in v) return Uint32Array.from(v.$u32 as number[]);
    if ("$big" in v) return BigInt(v.$big as string);
    if ("$num" in v) return v.$num === "inf" ? Infinity : v.$num === "-inf" ? -Infinity : Number.NaN;
    return value;
  }) as BootedScenario;
}
