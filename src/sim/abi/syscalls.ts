/**
 * Every syscall, one typed table, read by the engine, the assembler prelude and the reference pages: the
 * ABI (syscall-table.ts, what the engine needs) joined with the facts only the pages show
 * (syscall-facts.ts) and its words (syscall-docs.ts).
 * Source: kernel/src/arch/x86_64/syscall.rs at 3833797, plus SYS_EXIT from the design docs.
 */
import type { CapKind } from "./cap-types";
import { SYSCALL_DOCS } from "./syscall-docs";
import { ARG_REGISTERS, type ArgRegister, SYSCALL_FACTS } from "./syscall-facts";
import { type Availability, SYSCALL_TABLE } from "./syscall-table";

export type { ArgRegister, Availability };

export interface SyscallArg {
  readonly reg: ArgRegister;
  readonly name: string;
  readonly meaning: string;
}

export interface SyscallError {
  /** The result is u64::MAX - offset. */
  readonly offset: number;
  /** Short name, used for prelude constants: E_<SYSCALL>_<NAME>. */
  readonly name: string;
  readonly meaning: string;
  /** Returned only by the design profile (as built the same condition panics, or cannot happen). */
  readonly designOnly?: true;
}

export interface SyscallSpec {
  readonly number: number;
  /** Without the SYS_ prefix. */
  readonly name: string;
  readonly summary: string;
  readonly args: readonly SyscallArg[];
  readonly returns: string;
  /** Registers the kernel writes besides RAX on success. */
  readonly writesBack: readonly ArgRegister[];
  /** In check order: the first failing check wins. */
  readonly errors: readonly SyscallError[];
  readonly capType?: CapKind;
  /** Rights checked on the capability, as names; empty when none are checked. */
  readonly rightsChecked: readonly string[];
  readonly availability: Readonly<Record<"as-built" | "design", Availability>>;
  /** Whether a successful call prints a `[syscall]` kernel log line on COM1 (errors always log). */
  readonly logsOnSuccess: boolean;
  readonly notes: readonly string[];
}

export const SYSCALLS: readonly SyscallSpec[] = SYSCALL_TABLE.map((core) => {
  const docs = SYSCALL_DOCS[core.name];
  const facts = SYSCALL_FACTS[core.name];
  if (!facts) throw new Error(`SYS_${core.name} has no entry in syscall-facts.ts`);
  return {
    ...core,
    ...facts,
    summary: docs?.summary ?? "",
    args: facts.args.map((name, i) => ({
      reg: ARG_REGISTERS[i] ?? "r10",
      name,
      meaning: docs?.args[name] ?? "",
    })),
    returns: docs?.returns ?? "",
    errors: core.errors.map((e) => ({ ...e, meaning: docs?.errors[e.name] ?? "" })),
    notes: docs?.notes ?? [],
  };
});

export function syscallByNumber(n: number): SyscallSpec | undefined {
  return SYSCALLS.find((s) => s.number === n);
}

export function syscallByName(name: string): SyscallSpec {
  const spec = SYSCALLS.find((s) => s.name === name);
  if (!spec) throw new Error(`no syscall named ${name}`);
  return spec;
}

/** The error of `spec` named `name`, as its offset from u64::MAX. */
export function errorOffsetOf(spec: SyscallSpec, name: string): number {
  const e = spec.errors.find((x) => x.name === name);
  if (!e) throw new Error(`SYS_${spec.name} has no error ${name}`);
  return e.offset;
}
