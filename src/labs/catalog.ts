/** The labs, in the order a reader takes them. */
import { delegation } from "./delegation";
import { designVsCode } from "./design-vs-code";
import { fourCores } from "./four-cores";
import { helloCom1 } from "./hello-com1";
import { ipcPingPong } from "./ipc-ping-pong";
import type { Lab } from "./lab";
import { noAmbientAuthority } from "./no-ambient-authority";
import { serialDriver } from "./serial-driver";
import { spawnAndReap } from "./spawn-and-reap";
import { wasmSandbox } from "./wasm-sandbox";
import { yourOwnHeap } from "./your-own-heap";

export const LABS: readonly Lab[] = [
  helloCom1,
  noAmbientAuthority,
  delegation,
  ipcPingPong,
  serialDriver,
  yourOwnHeap,
  spawnAndReap,
  fourCores,
  designVsCode,
  wasmSandbox,
];

export function labById(id: string): Lab | undefined {
  return LABS.find((l) => l.id === id);
}
