/** A 64-bit FNV-1a-style hash (two 32-bit lanes with different bases): fast, deterministic, no dependencies. */
export type Lanes = readonly [number, number];

const START: Lanes = [0x811c9dc5, 0xcbf29ce4];

/**
 * The lanes after hashing `text` from `from`, continuing from `lanes`: a text that only grows (the
 * console) is hashed once, a little more each time.
 */
export function hashLanes(text: string, from = 0, lanes: Lanes = START): Lanes {
  let [a, b] = lanes;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return [a, b];
}

export function lanesHex([a, b]: Lanes): string {
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

export function hashString(text: string): string {
  return lanesHex(hashLanes(text));
}

/** The same kind of hash over a frame's bytes, four at a time (frames are 4096 bytes, a multiple of 4). */
export function hashBytes(bytes: Uint8Array): string {
  let [a, b] = START;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const c = view.getUint32(i, true);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return lanesHex([a, b]);
}
