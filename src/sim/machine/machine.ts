/**
 * A simulated machine: the kernel model plus the CPU, stepped deterministically. The same config gives
 * the same events and the same state hash, bit for bit.
 */
import type { RunUser } from "../cpu/contract";
import { runUser as defaultRunUser } from "../cpu/cpu";
import { memoryPort } from "../kernel/address-space";
import { Kernel } from "../kernel/kernel";
import { PAGE_SIZE } from "../kernel/layout";
import type { KernelState } from "../kernel/state";
import type { TraceEvent } from "../trace/events";
import { hashString } from "../trace/hash";
import type { MachineConfig } from "./config";

export type MachineSnapshot = { readonly state: KernelState };

export class Machine {
  private constructor(private kernel: Kernel) {}

  static boot(
    config: MachineConfig,
    runUser: RunUser = defaultRunUser,
  ): { machine: Machine; bootEvents: TraceEvent[] } {
    const kernel = Kernel.boot(config, runUser);
    const bootEvents = kernel.out;
    kernel.out = [];
    return { machine: new Machine(kernel), bootEvents };
  }

  static restore(snapshot: MachineSnapshot, runUser: RunUser = defaultRunUser): Machine {
    return new Machine(new Kernel(structuredClone(snapshot.state), runUser));
  }

  get state(): Readonly<KernelState> {
    return this.kernel.state;
  }

  /** Simulated time: the clock of the core furthest behind. */
  get cycle(): number {
    return this.kernel.frontier();
  }

  get halted(): string | null {
    return this.kernel.state.halted;
  }

  get console(): string {
    return this.kernel.state.console;
  }

  step(): TraceEvent[] {
    return this.kernel.step();
  }

  /**
   * Bytes of a process's memory as its page tables map them, for memory views and tests; null when the
   * process does not exist or a page in the range is not mapped. Reads never change the machine.
   */
  readUser(pid: number, vaddr: number, length: number): Uint8Array | null {
    const p = this.kernel.state.processes.get(pid);
    if (!p) return null;
    const port = memoryPort(this.kernel.state.pmm, p.space);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const a = vaddr + i;
      const page = port.page(a, "read");
      if (!(page instanceof Uint8Array)) return null;
      out[i] = page[a % PAGE_SIZE] ?? 0;
    }
    return out;
  }

  snapshot(): MachineSnapshot {
    return { state: structuredClone(this.kernel.state) };
  }

  /** A canonical text of the whole state, for hashing and for comparing runs. */
  serializeState(): string {
    return JSON.stringify(this.kernel.state, (_key, value: unknown) => {
      if (typeof value === "bigint") return `${value}n`;
      if (value instanceof Uint8Array || value instanceof Uint32Array) return Array.from(value).join(",");
      if (value instanceof Map) return [...value.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      if (value === Number.POSITIVE_INFINITY) return "inf";
      return value;
    });
  }

  stateHash(): string {
    return hashString(this.serializeState());
  }
}
