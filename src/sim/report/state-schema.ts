/**
 * The JSON Schema of `mnos-sim run --json`: what a run reports about itself and the machine's whole state.
 * The report's types are inferred from this schema, so the two cannot disagree.
 */
import * as z from "zod/mini";

const described = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text));
const hex = described(z.string().check(z.regex(/^0x[0-9a-f]+$/)), "A 64-bit value as lower-case hex");
const tids = z.array(z.int());

const capReportSchema = z.object({
  slot: z.int(),
  type: described(
    z.string(),
    "The capability type: Endpoint, MemoryFrame, Interrupt, IoPort, ThreadControl, Process or PmmAllocator",
  ),
  fields: described(
    z.record(z.string(), z.number()),
    "The object's fields: id, phys and order, irq, base and size, tid, or pid",
  ),
  rights: described(z.int(), "Rights bits: READ 1, WRITE 2, EXEC 4, GRANT 8, REVOKE 16"),
  rightsNames: z.string(),
});

const threadReportSchema = z.object({
  tid: z.int(),
  pid: z.int(),
  name: z.string(),
  state: described(
    z.enum(["Ready", "Running", "BlockedSend", "BlockedRecv", "Dead"]),
    "Upstream's ThreadState",
  ),
  where: described(
    z.string(),
    "A core, the run queue, BOOT_QUEUE, an endpoint, an IRQ line or the dead queue",
  ),
  core: z.nullable(z.int()),
  kernelThread: z.boolean(),
  registers: described(
    z.nullable(z.record(z.string(), hex)),
    "rax ... r15, rip and rflags; null for kernel threads",
  ),
});

export const machineReportSchema = z.object({
  profile: z.enum(["as-built", "design"]),
  cycle: z.number(),
  halted: described(z.nullable(z.string()), "Why the machine stopped, or null while it runs"),
  cores: z.array(
    z.object({ id: z.int(), schedules: z.boolean(), current: z.nullable(z.int()), runQueue: tids }),
  ),
  processes: z.array(
    z.object({
      pid: z.int(),
      name: z.string(),
      threads: tids,
      cnode: described(z.array(capReportSchema), "The non-empty slots of the process's 64-slot CNode"),
      mappings: z.array(z.object({ vaddr: hex, phys: hex, writable: z.boolean(), executable: z.boolean() })),
    }),
  ),
  threads: z.array(threadReportSchema),
  endpoints: z.array(z.object({ id: z.int(), senders: tids, receivers: tids })),
  irqWaiters: z.array(z.object({ irq: z.int(), tid: z.int() })),
  bootQueue: tids,
  deadQueue: tids,
  frames: z.object({ total: z.int(), used: z.int(), free: z.int() }),
  console: described(
    z.string(),
    "Everything on COM1: the kernel's log and the programs' output, interleaved",
  ),
  output: described(z.string(), "Only what programs wrote to COM1, without the kernel's lines"),
});

export const runReportSchema = z.extend(machineReportSchema, {
  scenario: described(z.string(), "The scenario's id, or its title"),
  tick: described(
    z.int(),
    "Where the run stopped: ring-3 instructions retired plus idle and kernel-thread slices",
  ),
  stoppedBy: described(
    z.string(),
    "What ended the run: the step limit, --until, --break, or the machine halting",
  ),
  stateHash: described(z.string(), "A hash of the whole state; equal states have equal hashes"),
  events: described(z.int(), "How many trace events happened"),
  goals: z.array(z.object({ description: z.string(), met: z.boolean() })),
});

export type CapReport = z.output<typeof capReportSchema>;
export type ThreadReport = z.output<typeof threadReportSchema>;
export type MachineReport = z.output<typeof machineReportSchema>;
export type RunReport = z.output<typeof runReportSchema>;

export function runReportJsonSchema(): unknown {
  return z.toJSONSchema(runReportSchema, { io: "output" });
}
