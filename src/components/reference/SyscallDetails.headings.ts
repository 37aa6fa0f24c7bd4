import { SYSCALLS } from "../../sim/abi/syscalls";
import type { Heading } from "../site/toc";
import { syscallAnchor } from "./format";

/** The section headings SyscallDetails.astro renders, one per syscall, for "On this page". */
export function headings(): Heading[] {
  return SYSCALLS.map((s) => ({ depth: 2, slug: syscallAnchor(s.name), text: `SYS_${s.name}` }));
}
