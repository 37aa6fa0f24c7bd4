import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ustar } from "./initrd";

const gnuTar = (() => {
  try {
    return /GNU tar/.test(execFileSync("tar", ["--version"], { encoding: "utf8" }));
  } catch {
    return false;
  }
})();

function file(name: string, size: number) {
  return { name, bytes: Uint8Array.from({ length: size }, (_, i) => (i * 7 + name.length) & 0xff) };
}

/** What the Makefile's `tar cf initrd.tar --format=ustar *` writes for these files (Makefile line 168). */
function realTar(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "mnos-initrd-"));
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    execFileSync("tar", ["cf", "out.tar", "--format=ustar", ...files.map((f) => f.name)], { cwd: dir });
    return new Uint8Array(readFileSync(join(dir, "out.tar")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("ustar", () => {
  test("the boot initrd is padded to whole 10240-byte records, as GNU tar writes it: 30720 bytes", () => {
    const boot = [file("hello_wasm.wasm", 549), file("init", 13240), file("serial_drv", 5496)];
    expect(ustar(boot).length).toBe(30720);
  });

  test("an archive that fills its record exactly gets no extra record", () => {
    // 512 header + 8704 data + 1024 end-of-archive = 10240.
    expect(ustar([file("a", 8704)]).length).toBe(10240);
    expect(ustar([file("a", 8705)]).length).toBe(20480);
  });

  test.runIf(gnuTar)(
    "matches this machine's GNU tar in size, names, sizes and data for several archives",
    () => {
      for (const files of [
        [file("hello_wasm.wasm", 549), file("init", 13240), file("serial_drv", 5496)],
        [file("init", 1)],
        [file("a", 8704)],
        [file("x", 30000), file("y", 0)],
      ]) {
        const ours = ustar(files);
        const theirs = realTar(files);
        expect(ours.length, files.map((f) => f.bytes.length).join("+")).toBe(theirs.length);
        let at = 0;
        for (const f of files) {
          const field = (a: Uint8Array, from: number, len: number) =>
            String.fromCharCode(...a.subarray(at + from, at + from + len)).replace(/\0.*$/s, "");
          expect(field(ours, 0, 100)).toBe(field(theirs, 0, 100));
          expect(field(ours, 124, 12)).toBe(field(theirs, 124, 12));
          expect(field(ours, 257, 6)).toBe(field(theirs, 257, 6));
          const data = Math.ceil(f.bytes.length / 512) * 512;
          expect(ours.subarray(at + 512, at + 512 + data)).toEqual(
            theirs.subarray(at + 512, at + 512 + data),
          );
          at += 512 + data;
        }
        expect(ours.subarray(at).every((b) => b === 0)).toBe(true);
        expect(theirs.subarray(at).every((b) => b === 0)).toBe(true);
      }
    },
  );
});
