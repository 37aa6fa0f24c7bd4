/**
 * A stand-in for wasmi, the interpreter init links in ring 3 (user/init/src/main.rs at 3833797): runs an
 * export of a Wasm guest with the platform's WebAssembly. The guest imports `env.host_print(ptr, len)`,
 * whose bytes go to a buffer init then writes to COM1, and has fuel (see fuel.ts), so it always stops.
 *
 * Upstream instantiates once and calls add and run_guest on that one instance, so a guest's memory and
 * globals carry over between calls. A live instance cannot be part of a machine's state (snapshots are
 * plain data), so the state is: after each call the guest's memory and mutable globals are saved as
 * GuestState, and the next call builds the instance again and puts them back before it calls the export.
 */
import { hashBytes } from "../trace/hash";

/** Loop iterations and calls a guest may make per call from init (fuel.ts adds the counting). */
export const GUEST_FUEL = 1_000_000;

/** The exported global the host reads and refills. */
export const FUEL_EXPORT = "__fuel";

/** What a call did, as the numbers init's assembly branches on (see WASMI_STATUS). */
export type WasmiStatus =
  | "ok"
  | "parse-failed"
  | "instantiate-failed"
  | "no-export"
  | "trapped"
  | "bad-return"
  | "start-failed";

/** The status in RAX after the wasmi instruction. */
export const WASMI_STATUS: Readonly<Record<WasmiStatus, number>> = {
  ok: 0,
  "parse-failed": 1,
  "instantiate-failed": 2,
  "no-export": 3,
  trapped: 4,
  "bad-return": 5,
  "start-failed": 6,
};

/** Browsers compile at most 4 KiB synchronously on the main thread; the engine runs there. */
export const MAX_GUEST_BYTES = 4096;

/**
 * A guest instance between calls: which module, its memory (trailing zeros left out; `pages` its size)
 * and its exported globals' values, by export name (fuel.ts exports every mutable global).
 */
export interface GuestState {
  readonly module: string;
  readonly pages: number;
  readonly memory: Uint8Array;
  readonly globals: readonly [string, number | bigint][];
}

export interface WasmiCall {
  readonly status: WasmiStatus;
  /** The export's i32 result, or 0. */
  readonly result: number;
  /** What host_print was given, in order, up to the buffer's size. */
  readonly printed: Uint8Array;
  /** Why it failed, in words, for the trace. */
  readonly detail: string;
  /** The instance as the call left it; unchanged when it failed before running anything. */
  readonly guest: GuestState | null;
}

export interface WasmiRequest {
  readonly module: Uint8Array;
  /** The export to call; empty: only parse and instantiate. */
  readonly exportName: string;
  readonly args: readonly number[];
  readonly wantsI32: boolean;
  readonly printCapacity: number;
}

/** The exported memory a guest's state lives in (fuel.ts exports an unexported one as __memory). */
function memoryOf(exports: Record<string, unknown>): WebAssembly.Memory | undefined {
  const m = Object.values(exports).find((x) => x instanceof WebAssembly.Memory);
  return m as WebAssembly.Memory | undefined;
}

function saveGuest(module: string, exports: Record<string, unknown>): GuestState {
  const mem = memoryOf(exports);
  const bytes = mem ? new Uint8Array(mem.buffer) : new Uint8Array(0);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const globals: [string, number | bigint][] = [];
  for (const [name, g] of Object.entries(exports))
    if (g instanceof WebAssembly.Global && name !== FUEL_EXPORT) globals.push([name, g.value]);
  return { module, pages: bytes.length / 65536, memory: bytes.slice(0, end), globals };
}

function restoreGuest(g: GuestState, exports: Record<string, unknown>): void {
  const mem = memoryOf(exports);
  if (mem) {
    const grow = g.pages - mem.buffer.byteLength / 65536;
    if (grow > 0) mem.grow(grow);
    const bytes = new Uint8Array(mem.buffer);
    bytes.fill(0);
    bytes.set(g.memory);
  }
  for (const [name, value] of g.globals) {
    try {
      (exports[name] as WebAssembly.Global).value = value;
    } catch {
      // An immutable global: it has its value already.
    }
  }
}

/**
 * Runs one call on init's guest. `guest` is the instance the previous calls left (null: none yet); an
 * empty export name is Module::new plus instantiate, which starts a new instance.
 */
export function callWasmi(r: WasmiRequest, guest: GuestState | null = null): WasmiCall {
  const failed = (status: WasmiStatus, detail: string): WasmiCall => ({
    status,
    result: 0,
    printed: new Uint8Array(0),
    detail,
    guest,
  });
  if (r.module.length > MAX_GUEST_BYTES)
    return failed(
      "parse-failed",
      `the module is ${r.module.length} bytes; a guest may have at most ${MAX_GUEST_BYTES}`,
    );
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(new Uint8Array(r.module));
  } catch (e) {
    return failed("parse-failed", `Module::new: ${(e as Error).message}`);
  }
  if (!WebAssembly.Module.exports(module).some((x) => x.name === FUEL_EXPORT && x.kind === "global"))
    return failed(
      "parse-failed",
      "the module has no fuel counter: guests are compiled from text by the simulator",
    );

  const id = hashBytes(r.module);
  const resume = r.exportName !== "" && guest?.module === id ? guest : null;
  const printed: number[] = [];
  let exports: Record<string, unknown> = {};
  // main.rs's host_print: the export named "memory", read whole or not at all (Memory::read fails past
  // its end, and the closure then returns without printing). A negative length would make its buffer
  // allocation fail and init panic; here it prints nothing.
  let quiet = resume !== null;
  const hostPrint = (ptr: number, len: number) => {
    const memory = exports.memory;
    if (quiet || !(memory instanceof WebAssembly.Memory) || ptr < 0 || len < 0) return;
    const bytes = new Uint8Array(memory.buffer);
    if (ptr + len > bytes.length) return;
    for (let i = 0; i < len && printed.length < r.printCapacity; i++) printed.push(bytes[ptr + i] ?? 0);
  };
  try {
    exports = new WebAssembly.Instance(module, { env: { host_print: hostPrint } }).exports as Record<
      string,
      unknown
    >;
  } catch (e) {
    const start = e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
    return failed(start ? "start-failed" : "instantiate-failed", (e as Error).message);
  }
  quiet = false;
  if (resume) restoreGuest(resume, exports);
  const fuel = exports[FUEL_EXPORT] as WebAssembly.Global;
  if (r.exportName === "")
    return { status: "ok", result: 0, printed: new Uint8Array(0), detail: "", guest: saveGuest(id, exports) };
  const fn = Object.hasOwn(exports, r.exportName) ? exports[r.exportName] : undefined;
  if (typeof fn !== "function") return failed("no-export", `no exported function "${r.exportName}"`);
  const after = () => saveGuest(id, exports);
  fuel.value = GUEST_FUEL;
  let result: unknown;
  try {
    result = fn(...r.args);
  } catch (e) {
    const out = Uint8Array.from(printed);
    const detail =
      fuel.value === 0
        ? `out of fuel: ${GUEST_FUEL.toLocaleString("en")} loop iterations and calls, so the guest was stopped`
        : e instanceof RangeError
          ? "the guest overflowed its stack"
          : `trap: ${(e as Error).message}`;
    return { status: "trapped", result: 0, printed: out, detail, guest: after() };
  }
  if (r.wantsI32 && typeof result !== "number")
    return {
      status: "bad-return",
      result: 0,
      printed: Uint8Array.from(printed),
      detail: "the export returns no i32",
      guest: after(),
    };
  return {
    status: "ok",
    result: typeof result === "number" ? result | 0 : 0,
    printed: Uint8Array.from(printed),
    detail: "",
    guest: after(),
  };
}
