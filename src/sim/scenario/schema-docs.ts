/**
 * The scenario format in words: what each field means, for the JSON Schema (editors, `mnos-sim schema`)
 * and the scenario-format page. Kept apart from schema.ts, as syscall-docs.ts is from the syscall table,
 * so the words do not ship with the engine; schema.ts names each field's entry by its key.
 */
import * as z from "zod/mini";
import { ALL_RIGHTS, RIGHT_NAMES } from "../abi/rights";
import { LIMITS } from "./limits";
import { DESCRIBED, namedProgram, programsSchema, scenarioSchema } from "./schema";

export const FIELD_DESCRIPTIONS = {
  cap: "The kernel object the capability names",
  "cap.endpoint.id": "Index in the 64-entry endpoint table",
  "cap.frame.phys":
    "Physical address, 4 KiB aligned, inside the machine's memory and above the kernel's frames",
  "cap.interrupt.irq": "ISA IRQ line; WAIT_IRQ accepts 0 to 15",
  "cap.ioPort.base": "First port",
  "cap.ioPort.size": "Number of ports",
  "cap.process.pid": "1 is the first process of the scenario, 2 the second, ... (PID 0 is the kernel's own)",
  rights: `Rights: a number (0 to ${ALL_RIGHTS}), "ALL", or a list of ${RIGHT_NAMES.join(", ")}`,
  "program.source": "Assembly source",
  "program.builtin": "Name of a built-in program, such as init or hello",
  "goal.console": "The serial console (kernel lines and programs' output) contains this text",
  "goal.output": "What programs wrote to COM1, without the kernel's lines, contains this text",
  "goal.syscall": "A syscall by name, such as SEND",
  "goal.result": '"ok" or an error name, such as NO_RIGHTS',
  "goal.process": "Process name",
  "goal.halted": "Whether the machine has stopped",
  "machine.quantumCycles": "Cycles per scheduling quantum",
  "machine.virtio": "Attach the 1 MiB virtio-blk disk of make run",
  "machine.bootLog": "Print the kernel's boot log",
  "machine.freeFrames":
    "Frames free when the first program starts: the kernel holds back the rest (default: all unused frames are free)",
  "process.program": "A key of programs",
  "process.initrd": "Map the initrd read-only at 0x1000_0000",
  "process.onlyIn": "Start this process only on this kernel profile (the design starts serial_drv at boot)",
  version: "Format version",
  id: "Short id, used in links",
  profile: "Which kernel runs: the code at 3833797, or its design",
  programs: "Programs by name",
  processes: "Processes started at boot, in order: the first is PID 1",
  initrd: "Files of the initrd: program names, or hello_wasm.wasm",
  wasmGuest:
    "The Wasm guest init runs, in the WebAssembly text format, in place of hello_wasm.wasm: it imports env.host_print(ptr, len) and exports add(i32, i32) -> i32 and run_guest()",
  kernInit:
    "Start the kernel's kern-init thread, which sends a test line to this endpoint one byte per message (the kernel did this for serial_drv before commit 6bccab6)",
  endpoints:
    "Endpoint ids registered in the kernel's table (default: every id a capability names); a capability may name one that is not registered",
  events: "Scripted hardware events at given cycles",
  goals: "Lab goals the page checks",
} as const;

export type FieldKey = keyof typeof FIELD_DESCRIPTIONS;

/** The scenario format as a JSON Schema, every field described. */
export function scenarioJsonSchema(): unknown {
  const registry = z.registry<{ description: string }>();
  for (const [schema, key] of DESCRIBED) registry.add(schema, { description: FIELD_DESCRIPTIONS[key] });
  const options = { io: "input", unrepresentable: "any", metadata: registry } as const;
  // The engine checks `programs` by hand (see programsSchema); here it is the object it stands for.
  const { $schema: _, ...programs } = z.toJSONSchema(
    z.record(namedProgram.shape.name, namedProgram.shape.program),
    options,
  );
  return z.toJSONSchema(scenarioSchema, {
    ...options,
    override: (ctx) => {
      if (ctx.zodSchema === programsSchema)
        Object.assign(ctx.jsonSchema, programs, { maxProperties: LIMITS.programs.value });
    },
  });
}
