/**
 * The scenario format in words: what each field means, for the JSON Schema (editors, `mnos-sim schema`)
 * and the scenario-format page. Kept apart from schema.ts, as syscall-docs.ts is from the syscall table,
 * so the words do not ship with the engine: each entry names its field by a path into the JSON Schema
 * (`processes[].caps[].cap<MemoryFrame>.phys`: `[]` an array's items, `{}` a record's values, `<X>` the
 * variant of a union with a property X or a `kind` of X).
 */
import * as z from "zod/mini";
import { ALL_RIGHTS, RIGHT_NAMES } from "../abi/rights";
import { scenarioSchema } from "./schema-zod";

export const FIELD_DESCRIPTIONS = {
  "processes[].caps[].cap": "The kernel object the capability names",
  "processes[].caps[].cap<Endpoint>.id": "Index in the 64-entry endpoint table",
  "processes[].caps[].cap<MemoryFrame>.phys":
    "Physical address, 4 KiB aligned, inside the machine's memory and above the kernel's frames",
  "processes[].caps[].cap<Interrupt>.irq": "ISA IRQ line; WAIT_IRQ accepts 0 to 15",
  "processes[].caps[].cap<IoPort>.base": "First port",
  "processes[].caps[].cap<IoPort>.size": "Number of ports",
  "processes[].caps[].cap<Process>.pid":
    "1 is the first process of the scenario, 2 the second, ... (PID 0 is the kernel's own)",
  "processes[].caps[].rights": `Rights: a number (0 to ${ALL_RIGHTS}), "ALL", or a list of ${RIGHT_NAMES.join(", ")}`,
  "programs{}<source>.source": "Assembly source",
  "programs{}<builtin>.builtin": "Name of a built-in program, such as init or hello",
  "goals[].check": "What the goal checks: one of the goal checks listed in the scenario format",
  "machine.quantumCycles": "Cycles per scheduling quantum",
  "machine.virtio": "Attach the 1 MiB virtio-blk disk of make run",
  "machine.bootLog": "Print the kernel's boot log",
  "machine.freeFrames":
    "Frames free when the first program starts: the kernel holds back the rest (default: all unused frames are free)",
  "processes[].program": "A key of programs",
  "processes[].initrd": "Map the initrd read-only at 0x1000_0000",
  "processes[].onlyIn":
    "Start this process only on this kernel profile (the design starts serial_drv at boot)",
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
  "goals[].after":
    "Judge this goal only once that earlier goal (its number in the list, from 1) has been met: for checks that hold at the start, such as noFault or framesFree",
} as const;

export type FieldPath = keyof typeof FIELD_DESCRIPTIONS;

type Node = { [key: string]: unknown };

/** The JSON Schema node a field path names, or undefined when there is no such field. */
export function nodeAt(root: Node, path: string): Node | undefined {
  const resolve = (n: Node | undefined): Node | undefined => {
    const ref = n?.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return n;
    return (root.$defs as Record<string, Node> | undefined)?.[ref.slice("#/$defs/".length)];
  };
  let node: Node | undefined = root;
  for (const step of path.match(/\[\]|\{\}|<[^>]+>|[^.[\]{}<>]+/g) ?? []) {
    node = resolve(node);
    if (!node) return undefined;
    if (step === "[]") node = node.items as Node | undefined;
    else if (step === "{}") node = node.additionalProperties as Node | undefined;
    else if (step.startsWith("<")) {
      const name = step.slice(1, -1);
      const variants = ((node.anyOf ?? node.oneOf) as Node[] | undefined)?.map(resolve) ?? [];
      node = variants.find((v) => {
        const props = v?.properties as Record<string, Node> | undefined;
        return props !== undefined && (name in props || props.kind?.const === name);
      });
    } else node = (node.properties as Record<string, Node> | undefined)?.[step];
  }
  return resolve(node);
}

/** The scenario format as a JSON Schema, every field described. Throws when a path names no field. */
export function scenarioJsonSchema(): unknown {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Node;
  for (const [path, words] of Object.entries(FIELD_DESCRIPTIONS)) {
    const node = nodeAt(schema, path);
    if (!node) throw new Error(`schema-docs.ts: the scenario format has no field ${path}`);
    node.description = words;
  }
  return schema;
}
