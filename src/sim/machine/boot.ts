/**
 * Booting a machine from its config (kernel/boot.ts does the kernel's part). Kept out of machine.ts so that
 * a page resuming a machine the build booted loads no boot code.
 */
import type { RunUser } from "../cpu/contract";
import { runUser as defaultRunUser } from "../cpu/cpu";
import { bootKernel } from "../kernel/boot";
import type { TraceEvent } from "../trace/events";
import type { MachineConfig } from "./config";
import { Machine } from "./machine";

/** Boots the machine; `problems` lists what makes it unlike what the config asked for (see Kernel). */
export function bootMachine(
  config: MachineConfig,
  runUser: RunUser = defaultRunUser,
): { machine: Machine; bootEvents: TraceEvent[]; problems: readonly string[] } {
  const kernel = bootKernel(config, runUser);
  const bootEvents = kernel.out;
  kernel.out = [];
  return { machine: new Machine(kernel), bootEvents, problems: kernel.bootProblems };
}
