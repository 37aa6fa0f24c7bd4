/**
 * Fuel for Wasm guests: a guest must not hang the page, and the platform's WebAssembly cannot be
 * interrupted, so every guest the simulator compiles counts down a fuel global at the start of every
 * function and every loop iteration, and traps when it runs out. That bounds any run, deterministically,
 * in the browser and in Node alike.
 *
 * The counter is added to the WAT tree (as watr's parser returns it: nested arrays of strings) before it
 * is compiled. It is appended as the module's last global, so the guest's own global indices stay as
 * they were.
 */

import { FUEL_EXPORT, GUEST_FUEL } from "./wasmi";

export { FUEL_EXPORT, GUEST_FUEL };

type Node = string | Node[];

const FUEL = "$__fuel";
/** `if (fuel == 0) unreachable; fuel -= 1`, folded. */
const FUEL_CHECK: Node[] = [
  ["if", ["i32.eqz", ["global.get", FUEL]], ["then", ["unreachable"]]],
  ["global.set", FUEL, ["i32.sub", ["global.get", FUEL], ["i32.const", "1"]]],
];

const HEADER_FIELDS = new Set(["export", "import", "type", "param", "result", "local"]);
const BLOCK_TYPE_FIELDS = new Set(["type", "param", "result"]);

/** Index just past a block's or function's header: its $name and the fields in `fields`. */
function headerEnd(node: readonly Node[], from: number, fields: ReadonlySet<string>): number {
  let i = from;
  if (typeof node[i] === "string" && (node[i] as string).startsWith("$")) i++;
  while (Array.isArray(node[i]) && fields.has(String((node[i] as Node[])[0]))) i++;
  return i;
}

/** Adds the fuel check to every loop in a sequence of instructions (folded or flat) and below. */
function instrumentBody(body: Node[]): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < body.length; i++) {
    const n = body[i] as Node;
    if (Array.isArray(n)) {
      out.push(instrumentNode(n));
      continue;
    }
    out.push(n);
    if (n === "loop") {
      // A flat `loop $l (result i32)`: copy its header, then the check.
      let j = i + 1;
      if (typeof body[j] === "string" && (body[j] as string).startsWith("$")) out.push(body[j++] as Node);
      while (Array.isArray(body[j]) && BLOCK_TYPE_FIELDS.has(String((body[j] as Node[])[0])))
        out.push(body[j++] as Node);
      out.push(...FUEL_CHECK);
      i = j - 1;
    }
  }
  return out;
}

function instrumentNode(n: Node[]): Node[] {
  const head = n[0];
  if (head === "loop") {
    const at = headerEnd(n, 1, BLOCK_TYPE_FIELDS);
    return [...n.slice(0, at), ...FUEL_CHECK, ...instrumentBody(n.slice(at))];
  }
  return [head as Node, ...instrumentBody(n.slice(1))];
}

function instrumentFunc(f: Node[]): Node[] {
  const at = headerEnd(f, 1, HEADER_FIELDS);
  // An imported function has no body.
  if (f.slice(1, at).some((x) => Array.isArray(x) && x[0] === "import")) return f;
  return [...f.slice(0, at), ...FUEL_CHECK, ...instrumentBody(f.slice(at))];
}

/**
 * A global or memory field with an export added when it has none inline and is the guest's own: init's
 * guest keeps one instance between calls, which the engine rebuilds around what it can read back (wasmi.ts
 * GuestState), so every mutable global and the memory must be exported. `(mut ...)` marks a mutable global.
 */
function exported(f: Node[], name: string): Node[] {
  const at = typeof f[1] === "string" && f[1].startsWith("$") ? 2 : 1;
  const has = (k: string) => f.some((x) => Array.isArray(x) && x[0] === k);
  if (has("export") || has("import") || (f[0] === "global" && !has("mut"))) return f;
  return [...f.slice(0, at), ["export", `"${name}"`], ...f.slice(at)];
}

const isComment = (n: Node) => typeof n === "string" && (n.startsWith(";;") || n.startsWith("(;"));

/** The tree without comments, which watr's parser keeps as strings wherever they stand. */
function withoutComments(n: Node): Node {
  return Array.isArray(n) ? n.filter((x) => !isComment(x)).map(withoutComments) : n;
}

/**
 * The module with fuel: a check at the start of every function and every loop iteration, and the
 * exported counter, starting full; its mutable globals and memory exported (see `exported`). Fails for a
 * tree that is not one module.
 */
export function addFuel(tree: unknown): Node[] {
  let top = withoutComments(tree as Node);
  // A text with comments around the module parses as a list of top-level nodes.
  if (Array.isArray(top) && top.length === 1 && Array.isArray(top[0])) top = top[0];
  const module = Array.isArray(top) && top[0] === "module" ? top : undefined;
  if (!module) throw new Error("the guest must be one (module ...)");
  let globals = 0;
  const fields = module.slice(1).map((f) => {
    if (!Array.isArray(f)) return f;
    if (f[0] === "func") return instrumentFunc(f);
    if (f[0] === "global") return exported(f, `__g${globals++}`);
    return f[0] === "memory" ? exported(f, "__memory") : f;
  });
  return [
    "module",
    ...fields,
    ["global", FUEL, ["export", `"${FUEL_EXPORT}"`], ["mut", "i32"], ["i32.const", String(GUEST_FUEL)]],
  ];
}
