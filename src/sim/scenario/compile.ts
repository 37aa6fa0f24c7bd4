/** Turns a validated scenario into a machine config: assembles its programs and builds the initrd. */
import type { Capability } from "../abi/cap-types";
import type { ProfileName } from "../abi/profiles";
import { rightsValue } from "../abi/rights";
import { assemble, type Program } from "../asm/assembler";
import { type AsmError, formatAsmError } from "../asm/errors";
import type { MachineConfig } from "../machine/config";
import { CATALOG } from "../programs/catalog";
import type { Scenario } from "./schema";

export type CompileResult =
  | { ok: true; config: MachineConfig; programs: Map<string, Program> }
  | { ok: false; errors: string[]; asmErrors: { program: string; errors: AsmError[] }[] };

/** Compiles a Wasm guest's text; the engine leaves it to its caller, so pages load a compiler only when needed. */
export type GuestCompiler = (text: string) => { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Where the segment starts in the ELF file: after the 64-byte header and one 56-byte program header. */
const ELF_SEGMENT_OFFSET = 128;

/**
 * A program as an ELF64 executable with one PT_LOAD segment (read, write, execute), as the initrd holds
 * user programs upstream. The segment holds the simulator's 16-byte instruction encoding, not x86 machine
 * code; the header fields are the ones libmnos's spawn_initrd reads (entry, program header, offset, vaddr,
 * sizes).
 */
export function elfImage(program: Program): Uint8Array {
  const out = new Uint8Array(ELF_SEGMENT_OFFSET + program.bytes.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]); // magic, 64-bit, little endian, version 1
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 0x3e, true); // EM_X86_64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, BigInt(program.entry), true);
  v.setBigUint64(32, 64n, true); // e_phoff
  v.setUint16(52, 64, true); // e_ehsize
  v.setUint16(54, 56, true); // e_phentsize
  v.setUint16(56, 1, true); // e_phnum
  v.setUint32(64, 1, true); // PT_LOAD
  v.setUint32(68, 7, true); // PF_R | PF_W | PF_X
  v.setBigUint64(72, BigInt(ELF_SEGMENT_OFFSET), true);
  v.setBigUint64(80, BigInt(program.origin), true); // p_vaddr
  v.setBigUint64(88, BigInt(program.origin), true); // p_paddr
  v.setBigUint64(96, BigInt(program.bytes.length), true); // p_filesz
  v.setBigUint64(104, BigInt(program.bytes.length), true); // p_memsz
  v.setBigUint64(112, 16n, true); // p_align
  out.set(program.bytes, ELF_SEGMENT_OFFSET);
  return out;
}

export function compileScenario(
  scenario: Scenario,
  profileOverride?: ProfileName,
  compileGuest?: GuestCompiler,
): CompileResult {
  const programs = new Map<string, Program>();
  const errors: string[] = [];
  const asmErrors: { program: string; errors: AsmError[] }[] = [];
  for (const [name, p] of Object.entries(scenario.programs)) {
    const source = "source" in p ? p.source : CATALOG.programs.get(p.builtin);
    if (source === undefined) {
      errors.push(
        `programs.${name}.builtin: no built-in program "${"builtin" in p ? p.builtin : ""}"; known: ${[...CATALOG.programs.keys()].join(", ")}`,
      );
      continue;
    }
    const r = assemble(source, { libraries: CATALOG.libraries });
    if (r.ok) programs.set(name, r.program);
    else {
      asmErrors.push({ program: name, errors: r.errors });
      for (const e of r.errors) errors.push(formatAsmError(e, `programs.${name}`));
    }
  }
  let guest = CATALOG.wasmGuest;
  if (scenario.wasmGuest !== undefined) {
    const compiled = compileGuest
      ? compileGuest(scenario.wasmGuest)
      : { ok: false as const, error: "this build of the simulator cannot compile a Wasm guest's text" };
    if (compiled.ok) guest = compiled.bytes;
    else errors.push(`wasmGuest: ${compiled.error}`);
  }
  if (errors.length > 0) return { ok: false, errors, asmErrors };

  const initrd = scenario.initrd.map((file) => {
    if (file === "hello_wasm.wasm") return { name: file, bytes: guest };
    const prog = programs.get(file);
    // Upstream names the driver serial_drv in the initrd.
    return {
      name: file.replace("serial-drv", "serial_drv"),
      bytes: prog ? elfImage(prog) : new Uint8Array(0),
    };
  });
  const config: MachineConfig = {
    profile: profileOverride ?? scenario.profile,
    cores: scenario.machine.cores,
    quantumCycles: scenario.machine.quantumCycles,
    memoryMiB: scenario.machine.memoryMiB,
    virtio: scenario.machine.virtio,
    bootLog: scenario.machine.bootLog,
    ...(scenario.endpoints ? { endpoints: scenario.endpoints } : {}),
    ...(scenario.kernInit ? { kernInit: scenario.kernInit } : {}),
    ...(scenario.machine.freeFrames !== undefined ? { freeFrames: scenario.machine.freeFrames } : {}),
    initrd,
    events: scenario.events.map((e) =>
      "irq" in e
        ? { at: e.at, kind: "irq" as const, irq: e.irq }
        : {
            at: e.at,
            kind: "serial-input" as const,
            bytes: [...e.serialInput].map((c) => c.charCodeAt(0) & 0xff),
          },
    ),
    processes: scenario.processes
      .filter((p) => p.onlyIn === undefined || p.onlyIn === (profileOverride ?? scenario.profile))
      .map((p) => {
        const prog = programs.get(p.program);
        return {
          name: p.name,
          programName: p.program,
          image: {
            origin: prog?.origin ?? 0x400000,
            bytes: prog?.bytes ?? new Uint8Array(0),
            entry: prog?.entry ?? 0x400000,
          },
          caps: p.caps.map((c) => ({
            slot: c.slot,
            cap: { object: c.cap, rights: rightsValue(c.rights) } as Capability,
          })),
          mapInitrd: p.initrd,
          // The initrd's file of this program, which kmain would have found and loaded.
          ...(scenario.initrd.includes(p.program)
            ? { file: p.program.replace("serial-drv", "serial_drv") }
            : {}),
        };
      }),
  };
  return { ok: true, config, programs };
}
