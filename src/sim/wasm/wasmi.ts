/**
 * A stand-in for wasmi, the interpreter init links in ring 3 (user/init/src/main.rs at 3833797): runs an
 * export of a Wasm guest with the platform's WebAssembly. The guest imports `env.host_print(ptr, len)`,
 * whose bytes go to a buffer init then writes to COM1, and has fuel (see fuel.ts), so it always stops.
 *
 * Each call instantiates the module afresh; upstream keeps one instance for both of init's calls, which
 * only matters for a guest that keeps state between calls, and the default guest keeps none.
 */
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

export interface WasmiCall {
  readonly status: WasmiStatus;
  /** The export's i32 result, or 0. */
  readonly result: number;
  /** What host_print was given, in order, up to the buffer's size. */
  readonly printed: Uint8Array;
  /** Why it failed, in words, for the trace. */
  readonly detail: string;
}

export interface WasmiRequest {
  readonly module: Uint8Array;
  /** The export to call; empty: only parse and instantiate. */
  readonly exportName: string;
  readonly args: readonly number[];
  readonly wantsI32: boolean;
  readonly printCapacity: number;
}

const failed = (status: WasmiStatus, detail: string): WasmiCall => ({
  status,
  result: 0,
  printed: new Uint8Array(0),
  detail,
});

export function callWasmi(r: WasmiRequest): WasmiCall {
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

  const printed: number[] = [];
  let memory: WebAssembly.Memory | undefined;
  const hostPrint = (ptr: number, len: number) => {
    const bytes = memory ? new Uint8Array(memory.buffer) : new Uint8Array(0);
    for (let i = 0; i < len && printed.length < r.printCapacity; i++) printed.push(bytes[ptr + i] ?? 0);
  };
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, { env: { host_print: hostPrint } });
  } catch (e) {
    const start = e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
    return failed(start ? "start-failed" : "instantiate-failed", (e as Error).message);
  }
  const exports = instance.exports as Record<string, unknown>;
  memory = exports.memory instanceof WebAssembly.Memory ? exports.memory : undefined;
  const fuel = exports[FUEL_EXPORT] as WebAssembly.Global;
  if (r.exportName === "") return { status: "ok", result: 0, printed: new Uint8Array(0), detail: "" };
  const fn = Object.hasOwn(exports, r.exportName) ? exports[r.exportName] : undefined;
  if (typeof fn !== "function") return failed("no-export", `no exported function "${r.exportName}"`);
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
    return { status: "trapped", result: 0, printed: out, detail };
  }
  if (r.wantsI32 && typeof result !== "number")
    return {
      status: "bad-return",
      result: 0,
      printed: Uint8Array.from(printed),
      detail: "the export returns no i32",
    };
  return {
    status: "ok",
    result: typeof result === "number" ? result | 0 : 0,
    printed: Uint8Array.from(printed),
    detail: "",
  };
}
