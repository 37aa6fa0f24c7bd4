/**
 * The initrd's hello_wasm.wasm: upstream builds it from Rust (apps/hello_wasm/src/lib.rs, 549 bytes); here it
 * is built from this text with watr, fuel added (see fuel.ts), then padded to those 549 bytes with a custom
 * section so the initrd lists it as upstream's. The bytes are kept compiled so the engine needs no compiler
 * for the default guest; a test checks they are exactly what the text compiles to.
 */
export const HELLO_WASM_PADDING_NOTE =
  "hello_wasm built from text by the MinimalOS NextGen simulator; padded to the size of upstream's Rust build";
export const HELLO_WASM_WAT = `;; hello_wasm, as apps/hello_wasm/src/lib.rs builds it upstream (there from Rust, here from text):
;; imports env.host_print(ptr, len); exports add(a, b) -> a + b and run_guest(), which prints a greeting.
(module
  (import "env" "host_print" (func $host_print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "Hello from the Wasm Sandbox!\\n")
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))
  (func (export "run_guest")
    (call $host_print (i32.const 1024) (i32.const 29))))
`;

export const HELLO_WASM_BYTES: Uint8Array = Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 15, 3, 96, 2, 127, 127, 0, 96, 2, 127, 127, 1, 127, 96, 0, 0, 2, 18, 1, 3,
  101, 110, 118, 10, 104, 111, 115, 116, 95, 112, 114, 105, 110, 116, 0, 0, 3, 3, 2, 1, 2, 5, 3, 1, 0, 1, 6,
  8, 1, 127, 1, 65, 192, 132, 61, 11, 7, 37, 4, 6, 109, 101, 109, 111, 114, 121, 2, 0, 3, 97, 100, 100, 0, 1,
  9, 114, 117, 110, 95, 103, 117, 101, 115, 116, 0, 2, 6, 95, 95, 102, 117, 101, 108, 3, 0, 10, 47, 2, 21, 0,
  35, 0, 69, 4, 64, 0, 11, 35, 0, 65, 1, 107, 36, 0, 32, 0, 32, 1, 106, 11, 23, 0, 35, 0, 69, 4, 64, 0, 11,
  35, 0, 65, 1, 107, 36, 0, 65, 128, 8, 65, 29, 16, 0, 11, 11, 36, 1, 0, 65, 128, 8, 11, 29, 72, 101, 108,
  108, 111, 32, 102, 114, 111, 109, 32, 116, 104, 101, 32, 87, 97, 115, 109, 32, 83, 97, 110, 100, 98, 111,
  120, 33, 10, 0, 227, 2, 11, 115, 105, 109, 46, 112, 97, 100, 100, 105, 110, 103, 104, 101, 108, 108, 111,
  95, 119, 97, 115, 109, 32, 98, 117, 105, 108, 116, 32, 102, 114, 111, 109, 32, 116, 101, 120, 116, 32, 98,
  121, 32, 116, 104, 101, 32, 77, 105, 110, 105, 109, 97, 108, 79, 83, 32, 78, 101, 120, 116, 71, 101, 110,
  32, 115, 105, 109, 117, 108, 97, 116, 111, 114, 59, 32, 112, 97, 100, 100, 101, 100, 32, 116, 111, 32, 116,
  104, 101, 32, 115, 105, 122, 101, 32, 111, 102, 32, 117, 112, 115, 116, 114, 101, 97, 109, 39, 115, 32, 82,
  117, 115, 116, 32, 98, 117, 105, 108, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);
