/** What a machine is built from: the scenario compiler produces this, tests build it by hand. */
import type { Capability } from "../abi/cap-types";
import type { ProfileName } from "../abi/profiles";
import type { ScriptedEvent } from "../kernel/state";

export interface ProcessConfig {
  name: string;
  /** The scenario's name for the program this process runs, for breakpoints and listings. */
  programName?: string;
  /** The program image, loaded at `origin`; code pages read-only and executable, the rest writable. */
  image: { origin: number; bytes: Uint8Array; entry: number };
  caps: { slot: number; cap: Capability }[];
  /** Map a read-only copy of the initrd at 0x1000_0000 (init does). */
  mapInitrd?: boolean;
  /** The initrd file its program is (kmain's "Found" line); unset: the file named as the process. */
  file?: string;
}

export interface MachineConfig {
  profile: ProfileName;
  /** 1 to 8; the target laptop and QEMU's -smp 4 have 4. */
  cores: number;
  /** Cycles per scheduling quantum: the kernel's 10 ms, scaled so preemption is visible. */
  quantumCycles: number;
  memoryMiB: number;
  processes: ProcessConfig[];
  initrd?: { name: string; bytes: Uint8Array }[];
  events: ScriptedEvent[];
  /** Print the kernel's boot log before the first process runs. */
  bootLog: boolean;
  /** Attach the virtio-blk disk of `make run` (absent under `make run-release`). */
  virtio: boolean;
  /**
   * Endpoint ids in the kernel's table (upstream's register_endpoint). Unset: every id a boot capability
   * names. Set: exactly these, so a capability may name an endpoint that is not registered.
   */
  endpoints?: readonly number[];
  /** After boot, hold frames back so that exactly this many are free (unset: all the rest are free). */
  freeFrames?: number;
  /**
   * Start the kern-init kernel thread, sending its test line to this endpoint: kmain before commit 6bccab6,
   * which also loaded the boot processes its own way (phase 7 of 6bccab6^, see boot.ts).
   */
  kernInit?: { endpoint: number };
}

export const DEFAULT_CONFIG: Omit<MachineConfig, "processes"> = {
  profile: "design",
  cores: 4,
  quantumCycles: 10_000,
  memoryMiB: 512,
  initrd: [],
  events: [],
  bootLog: true,
  virtio: true,
};
