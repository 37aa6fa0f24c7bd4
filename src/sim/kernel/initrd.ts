/** The initrd as the kernel receives it from Limine: a USTAR archive of the programs and the Wasm module. */
/**
 * A USTAR archive of the initrd files, as the Makefile's `tar cf initrd.tar --format=ustar *` writes it
 * (Makefile line 168): GNU tar ends the archive with two zero blocks and pads it to whole 10240-byte
 * records (its default blocking factor of 20), so three small programs make 30720 bytes, not 22528.
 */
const RECORD = 10240;

export function ustar(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => {
      for (let i = 0; i < s.length; i++) h[at + i] = s.charCodeAt(i) & 0xff;
    };
    put(f.name.slice(0, 99), 0);
    put("0000644", 100);
    put("0000000", 108);
    put("0000000", 116);
    put(f.bytes.length.toString(8).padStart(11, "0"), 124);
    put("00000000000", 136);
    put("        ", 148);
    put("0", 156);
    put("ustar", 257);
    put("00", 263);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(h);
    const body = new Uint8Array(Math.ceil(f.bytes.length / 512) * 512);
    body.set(f.bytes);
    blocks.push(body);
  }
  const withEnd = blocks.reduce((n, b) => n + b.length, 0) + 1024;
  const total = Math.ceil(withEnd / RECORD) * RECORD;
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
