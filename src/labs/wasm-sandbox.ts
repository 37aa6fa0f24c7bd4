import type { Lab } from "./lab";

const HEADER = `; Lab 10: the Wasm sandbox, from the host's side.
; You are the host, as init is: slot 2 holds COM1, and the initrd holds hello_wasm.wasm, a guest with
; no capabilities at all. The instruction \`wasmi\` stands in for the wasmi interpreter init links:
;   rdi, rsi  the module's address and size        rdx  the export's name (a NUL-terminated string)
;   r8, r9    its i32 arguments, r12 how many      r13  1 if it returns an i32
;   r10, rcx  a buffer for what the guest passes to host_print, and its size
; It returns rax = 0 if all went well, rbx = the i32 result, rdx = how many bytes host_print was given.
include "libmnos"
_start:
  lea rdi, [module_name]
  call tar_find                   ; rax = the module's address in the initrd, rdx = its size
  mov r14, rax
  mov r15, rdx
  ; add(10, 32): the guest computes, and nothing leaves the sandbox but the result.
  mov rdi, r14
  mov rsi, r15
  lea rdx, [add_name]
  mov r8, 10
  mov r9, 32
  mov r12, 2
  mov r13, 1
  wasmi                           ; rbx = 42
`;

const TAIL = `  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
module_name: db "hello_wasm.wasm", 0
add_name: db "add", 0
run_name: db "run_guest", 0
  align 8
printed: times 256 db 0
`;

const RUN_GUEST = `  ; run_guest(): the guest calls host_print(ptr, len) with a pointer into its own memory.
  mov rdi, r14
  mov rsi, r15
  lea rdx, [run_name]
  mov r12, 0
  mov r13, 0
  lea r10, [printed]
  mov rcx, 256
  wasmi                           ; the bytes are in printed, rdx of them
  mov r12, rdx
`;

/** Writes r12 bytes from `from` to COM1 with libmnos's putc. */
const forward = (from: string) => `  ${from}
forward:
  cmp r12, 0
  je forwarded
  mov rdi, SLOT_COM1
  mov rsi, byte [r13]
  call putc                       ; through our capability: the guest has none
  inc r13
  dec r12
  jmp forward
forwarded:
`;

export const wasmSandbox: Lab = {
  id: "wasm-sandbox",
  sprints: ["10"],
  title: "The Wasm sandbox, from the host's side",
  summary:
    "Run upstream's Wasm guest inside your process and carry what it hands host_print to COM1, with a capability the guest never holds.",
  edit: "host",
  scenario: {
    version: 1,
    id: "lab-wasm-sandbox",
    title: "Lab 10: The Wasm sandbox, from the host's side",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      host: {
        source: `${HEADER}  ; TODO: call the guest's run_guest() with a buffer for host_print, then write the bytes it printed to
  ; COM1 through slot 2, one by one (libmnos's putc takes the slot in rdi and the byte in rsi).

${TAIL}`,
      },
    },
    initrd: ["hello_wasm.wasm"],
    processes: [
      {
        name: "host",
        program: "host",
        initrd: true,
        caps: [{ slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" }],
      },
    ],
    goals: [
      {
        description: "add(10, 32) runs in the sandbox and returns 42",
        check: { process: "host", register: "rbx", equals: "42" },
      },
      {
        description: "The guest's greeting reaches COM1 through your capability",
        check: { output: "Hello from the Wasm Sandbox!" },
      },
      { description: "The host exits", check: { process: "host", state: "exited" } },
      { description: "Nothing faulted", check: { noFault: true }, after: 3 },
    ],
  },
  hints: [
    "Call run_guest like add: rdi and rsi the module, rdx the name run_name, r12 and r13 both 0 (no arguments, no result), plus the buffer: `lea r10, [printed]` and `mov rcx, 256`.",
    "After wasmi, rdx says how many bytes the guest printed. Keep the count in r12 and the buffer's address in r13: putc keeps those.",
    "The guest's own pointer (1024 in its memory) means nothing in yours: its bytes are in printed, where wasmi copied them.",
  ],
  solution: `${HEADER}${RUN_GUEST}${forward("lea r13, [printed]")}${TAIL}`,
  wrong: {
    // Takes the guest's pointer for an address of its own: 1024 is inside the guest's linear memory, and
    // nothing is mapped there in the host, so the host faults and the design kernel kills it.
    source: `${HEADER}${RUN_GUEST}${forward("mov r13, 1024                  ; where the guest keeps its greeting")}${TAIL}`,
    unmet: [2, 4],
  },
};
