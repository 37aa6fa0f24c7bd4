/**
 * Everything built in that a reader names by string: programs, libraries for `include`, and scenarios.
 * Maps, not plain objects, so that a name such as "toString" or "__proto__" finds nothing.
 */
import { BUILTIN_SCENARIOS } from "../scenario/builtins";
import type { ScenarioInput } from "../scenario/schema";
import { HELLO_WASM_BYTES } from "../wasm/hello-wasm";
import { LIBMNOS } from "./libmnos";
import { PROGRAMS } from "./programs";

export interface Catalog {
  /** Built-in program sources by name ({ "builtin": "init" }). */
  readonly programs: ReadonlyMap<string, string>;
  /** Sources a program may `include "name"`. */
  readonly libraries: ReadonlyMap<string, string>;
  /** Built-in scenarios by id. */
  readonly scenarios: ReadonlyMap<string, ScenarioInput>;
  /** The initrd's hello_wasm.wasm, compiled. */
  readonly wasmGuest: Uint8Array;
}

export const CATALOG: Catalog = {
  programs: new Map(Object.entries(PROGRAMS)),
  libraries: new Map([["libmnos", LIBMNOS]]),
  scenarios: new Map(Object.entries(BUILTIN_SCENARIOS)),
  wasmGuest: HELLO_WASM_BYTES,
};
