/**
 * Names every program may use without defining them, generated from the ABI tables so that programs,
 * engine and reference pages share one source.
 */
import { CNODE_SLOTS } from "../abi/cap-types";
import { errorValue } from "../abi/errors";
import { ALL_RIGHTS, RIGHT_SPECS } from "../abi/rights";
import { SYSCALL_TABLE } from "../abi/syscall-table";
import { LAYOUT } from "../kernel/layout";

export function preludeSymbols(): Map<string, bigint> {
  const symbols = new Map<string, bigint>();
  for (const s of SYSCALL_TABLE) {
    symbols.set(`SYS_${s.name}`, BigInt(s.number));
    for (const e of s.errors) symbols.set(`E_${s.name}_${e.name}`, errorValue(e.offset));
  }
  for (const r of RIGHT_SPECS) symbols.set(`RIGHT_${r.name}`, BigInt(r.value));
  symbols.set("RIGHT_ALL", BigInt(ALL_RIGHTS));
  symbols.set("CNODE_SLOTS", BigInt(CNODE_SLOTS));
  symbols.set("COM1", 0x3f8n);
  symbols.set("COM1_IER", 0x3f9n);
  symbols.set("COM1_LSR", 0x3fdn);
  symbols.set("SLOT_PMM", 1n);
  symbols.set("SLOT_COM1", 2n);
  symbols.set("SLOT_SELF", 3n);
  symbols.set("SLOT_VIRTIO", 4n);
  symbols.set("USER_BASE", BigInt(LAYOUT.userBase));
  symbols.set("STACK_TOP", BigInt(LAYOUT.stackTop));
  symbols.set("INITRD_BASE", BigInt(LAYOUT.initrdBase));
  symbols.set("HEAP_BASE", BigInt(LAYOUT.heapBase));
  symbols.set("PAGE_SIZE", 4096n);
  return symbols;
}

/** The prelude as assembly text, for the docs and the editor's help. */
export function preludeText(): string {
  return [...preludeSymbols()]
    .map(([name, value]) => `${name} equ 0x${value.toString(16).toUpperCase()}`)
    .join("\n");
}
