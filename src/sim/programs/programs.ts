/**
 * Built-in programs, in the simulator's assembly. `init` re-implements the real init (user/init/src/main.rs
 * at 3833797): the same syscalls and the same console output. Its Wasm stage runs the initrd's real Wasm
 * guest through the simulator's `wasmi` instruction, which stands in for the wasmi interpreter init links.
 */
const CRLF = "\\r\\n";

export const INIT = `
; init, PID 1. Slots: 1 PmmAllocator, 2 COM1 IoPort, 3 Process (self), 4 virtio-blk IoPort.
include "libmnos"
SCRATCH equ 10
HEAP_PAGES equ 1000

_start:
  mov rdi, SLOT_COM1
  lea rsi, [banner]
  call puts

  ; Phase 2: list the USTAR initrd mapped at 0x1000_0000.
  mov rdi, SLOT_COM1
  lea rsi, [parsing]
  call puts
  mov r12, INITRD_BASE
  mov r13, 0                  ; file count
tar_next:
  cmp byte [r12], 0
  je tar_done
  mov rdi, SLOT_COM1
  lea rsi, [indent]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r12                ; the name field is NUL-terminated
  call puts
  mov rdi, SLOT_COM1
  lea rsi, [open_paren]
  call puts
  ; size: 11 octal digits at offset 124
  mov r14, 0
  mov r15, 0
tar_size_digit:
  mov rdx, byte [r12 + r15 + 124]
  cmp rdx, '0'
  jb tar_size_done
  cmp rdx, '7'
  ja tar_size_done
  shl r14, 3
  sub rdx, '0'
  add r14, rdx
  inc r15
  cmp r15, 11
  jne tar_size_digit
tar_size_done:
  mov rdi, SLOT_COM1
  mov rsi, r14
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [bytes_close]
  call puts
  inc r13
  ; next header: 512 + size rounded up to 512
  add r14, 511
  shr r14, 9
  shl r14, 9
  add r12, r14
  add r12, 512
  jmp tar_next
tar_done:
  mov rdi, SLOT_COM1
  lea rsi, [found]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r13
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [files_in_initrd]
  call puts

  ; Phase 3: the 4 MiB ring-3 heap, one page at a time.
  mov rdi, SLOT_COM1
  lea rsi, [heap_msg]
  call puts
  mov rdi, HEAP_BASE
  mov rsi, HEAP_PAGES
  mov rdx, SLOT_PMM
  mov rcx, SLOT_SELF
  mov r8, SCRATCH
  call heap_init
  cmp rax, 0
  jne panic
  mov rdi, SLOT_COM1
  lea rsi, [heap_ok]
  call puts

  ; Phase 4: write and read back three values on the new heap (the Vec<u64> check).
  mov rbx, HEAP_BASE
  mov qword [rbx], 1
  mov qword [rbx + 8], 2
  mov qword [rbx + 16], 3
  mov rax, qword [rbx]
  add rax, qword [rbx + 8]
  add rax, qword [rbx + 16]
  cmp rax, 6
  jne panic
  mov rdi, SLOT_COM1
  lea rsi, [vec_ok]
  call puts

  ; Phase 5: find hello_wasm.wasm in the initrd.
  mov rdi, SLOT_COM1
  lea rsi, [extract_msg]
  call puts
  lea rdi, [wasm_name]
  call tar_find
  cmp rax, 0
  je wasm_missing
  mov r14, rax                ; the module's bytes
  mov r15, rdx                ; and its size
  mov rdi, SLOT_COM1
  lea rsi, [found_wasm]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r15
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [bytes_close]
  call puts

  ; Phase 6: Module::new, Store, Linker with host_print, instantiate (wasmi with no export name).
  mov rdi, SLOT_COM1
  lea rsi, [instantiate_msg]
  call puts
  mov rdi, SLOT_COM1
  lea rsi, [parsing_module]
  call puts
  mov rdi, r14
  mov rsi, r15
  mov rdx, 0
  mov r12, 0
  mov r13, 0
  wasmi
  cmp rax, WASMI_PARSE_FAILED
  je wasm_parse_failed
  mov rbx, rax
  mov rdi, SLOT_COM1
  lea rsi, [linker_msg]
  call puts
  cmp rbx, WASMI_INSTANTIATE_FAILED
  je wasm_instantiate_failed
  cmp rbx, WASMI_START_FAILED
  je wasm_start_failed

  ; Phase 7: add(10, 32).
  mov rdi, SLOT_COM1
  lea rsi, [add_msg]
  call puts
  mov rdi, r14
  mov rsi, r15
  lea rdx, [add_name]
  mov r8, 10
  mov r9, 32
  mov r12, 2
  mov r13, 1
  wasmi
  cmp rax, WASMI_NO_EXPORT
  je add_missing
  cmp rax, WASMI_BAD_RETURN
  je add_bad_return
  cmp rax, 0
  jne add_failed
  mov qword [add_result], rbx
  mov rdi, SLOT_COM1
  lea rsi, [result_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, qword [add_result]
  call print_i32
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts

  ; Phase 8: run_guest(), whose host_print bytes go out on COM1 through slot 2, byte by byte.
  mov rdi, SLOT_COM1
  lea rsi, [run_msg]
  call puts
  mov rdi, r14
  mov rsi, r15
  lea rdx, [run_name]
  mov r12, 0
  mov r13, 0
  lea r10, [guest_output]
  mov rcx, GUEST_OUTPUT_SIZE
  wasmi
  mov rbx, rax
  mov r12, rdx
  lea r13, [guest_output]
guest_print:
  cmp r12, 0
  je guest_printed
  mov rdi, SLOT_COM1
  mov rsi, byte [r13]
  call putc
  inc r13
  dec r12
  jmp guest_print
guest_printed:
  cmp rbx, WASMI_NO_EXPORT
  je run_missing
  cmp rbx, 0
  jne run_failed
  mov rdi, SLOT_COM1
  lea rsi, [run_ok]
  call puts

  ; Phase 9: interrogate the virtio-blk device through slot 4 (main.rs hard-codes its base, 0xC000). A read
  ; that fails gives 0 (0xFF for the status); only the first failure prints a warning.
  mov rdi, SLOT_COM1
  lea rsi, [virtio_msg]
  call puts
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, 0xC000
  mov r10, 4
  syscall
  mov rbx, rdi                ; the features
  cmp rax, 0
  je features_read
  mov rbx, rax
  mov rdi, SLOT_COM1
  lea rsi, [virtio_warn]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [close_paren]
  call puts
  mov rbx, 0
features_read:
  mov rdi, SLOT_COM1
  lea rsi, [features_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_hex
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, 0xC012
  mov r10, 0
  syscall
  mov rbx, rdi
  cmp rax, 0
  je status_read
  mov rbx, 0xFF
status_read:
  mov rdi, SLOT_COM1
  lea rsi, [status_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_hex
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, 0xC014
  mov r10, 4
  syscall
  mov rbx, rdi                ; capacity, low half
  cmp rax, 0
  je capacity_low_read
  mov rbx, 0
capacity_low_read:
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, 0xC018
  mov r10, 4
  syscall
  cmp rax, 0
  jne capacity_read           ; the high half reads as 0 on error
  shl rdi, 32
  or rbx, rdi
capacity_read:
  mov rdi, SLOT_COM1
  lea rsi, [capacity_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [sectors_open]
  call puts
  ; main.rs prints whole MB when there is at least one, else KB.
  cmp rbx, 2048
  jb capacity_kb
  mov rdi, SLOT_COM1
  mov rsi, rbx
  shr rsi, 11                 ; 512-byte sectors -> MiB
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [mb_close]
  call puts
  jmp success
capacity_kb:
  mov rdi, SLOT_COM1
  mov rsi, rbx
  shr rsi, 1                  ; 512-byte sectors -> KiB
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [kb_close]
  call puts
success:
  mov rdi, SLOT_COM1
  lea rsi, [wasm_result_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, qword [add_result]
  call print_i32
  mov rdi, SLOT_COM1
  lea rsi, [success_msg]
  call puts
spin:
  jmp spin                    ; init never exits: it spins in ring 3, using its quanta
panic:
  mov rdi, SLOT_COM1
  lea rsi, [panic_msg]
  call puts
  jmp spin

; Each failure of the Wasm stage prints upstream's FATAL line, then init spins (halt_loop).
wasm_missing:
  lea rsi, [fatal_missing]
  jmp fatal
wasm_parse_failed:
  lea rsi, [fatal_parse]
  jmp fatal
wasm_instantiate_failed:
  lea rsi, [fatal_instantiate]
  jmp fatal
wasm_start_failed:
  lea rsi, [fatal_start]
  jmp fatal
add_missing:
  lea rsi, [fatal_add_missing]
  jmp fatal
add_bad_return:
  lea rsi, [fatal_add_type]
  jmp fatal
add_failed:
  lea rsi, [fatal_add_failed]
  jmp fatal
run_missing:
  lea rsi, [fatal_run_missing]
  jmp fatal
run_failed:
  lea rsi, [fatal_run_failed]
fatal:
  mov rdi, SLOT_COM1
  call puts
  jmp spin

; print_i32 (main.rs): rdi = COM1 slot, rsi = an i32 in its low 32 bits; a minus sign, then the digits.
print_i32:
  mov rax, rsi
  shl rax, 32
  cmp rax, 0
  jge print_i32_positive
  push rdi
  push rsi
  mov rsi, '-'
  call putc
  pop rsi
  pop rdi
  shl rsi, 32
  neg rsi
  shr rsi, 32
  jmp print_dec
print_i32_positive:
  shl rsi, 32
  shr rsi, 32
  jmp print_dec

banner: db "${CRLF}==========================================================${CRLF}"
  db "  [init] The God Process (PID 1) -- Ring 3${CRLF}"
  db "  Sprint 11 Phase 3: Capability Delegation & Hardware Handshake${CRLF}"
  db "==========================================================${CRLF}${CRLF}", 0
parsing: db "[init] Parsing initrd TarFS at 0x1000_0000...${CRLF}", 0
indent: db "[init]   ", 0
open_paren: db " (", 0
bytes_close: db " bytes)${CRLF}", 0
found: db "[init] Found ", 0
files_in_initrd: db " file(s) in initrd${CRLF}", 0
heap_msg: db "${CRLF}[init] Bootstrapping Ring 3 heap...${CRLF}"
  db "[init]   heap_base=0x4000_0000, pages=1000 (4 MiB)${CRLF}"
  db "[init]   alloc_slot=1 (PmmAllocator), proc_slot=3 (self)${CRLF}", 0
heap_ok: db "[init]   OK: Heap initialized (4 MiB at 0x4000_0000)${CRLF}", 0
vec_ok: db "${CRLF}[init] Vec<u64> sanity check...${CRLF}[init]   OK: Vec works (3 elements verified)${CRLF}", 0
WASMI_PARSE_FAILED equ 1
WASMI_INSTANTIATE_FAILED equ 2
WASMI_NO_EXPORT equ 3
WASMI_BAD_RETURN equ 5
WASMI_START_FAILED equ 6
GUEST_OUTPUT_SIZE equ 256
extract_msg: db "${CRLF}[init] Extracting hello_wasm.wasm from initrd...${CRLF}", 0
wasm_name: db "hello_wasm.wasm", 0
found_wasm: db "[init]   Found hello_wasm.wasm (", 0
instantiate_msg: db "${CRLF}[init] Instantiating Wasm module via wasmi...${CRLF}"
  db "[init]   Creating wasmi Engine...${CRLF}", 0
parsing_module: db "[init]   Parsing Module...${CRLF}", 0
linker_msg: db "[init]   Creating Store...${CRLF}"
  db "[init]   Creating Linker + registering host_print...${CRLF}"
  db "[init]   Instantiating...${CRLF}", 0
add_msg: db "${CRLF}[init] Calling add(10, 32) from Wasm...${CRLF}", 0
add_name: db "add", 0
result_msg: db "[init]   Result: ", 0
run_msg: db "${CRLF}[init] Calling run_guest() from Wasm...${CRLF}"
  db "[init]   (Wasm will call host_print -> COM1 via IoPort cap)${CRLF}", 0
run_name: db "run_guest", 0
run_ok: db "[init]   run_guest() returned successfully${CRLF}", 0
fatal_missing: db "[init] FATAL: hello_wasm.wasm not found in initrd!${CRLF}", 0
fatal_parse: db "[init] FATAL: wasmi Module::new() failed!${CRLF}", 0
fatal_instantiate: db "[init] FATAL: wasmi instantiate() failed!${CRLF}", 0
fatal_start: db "[init] FATAL: wasmi start() failed!${CRLF}", 0
fatal_add_missing: db "[init] FATAL: export 'add' not found!${CRLF}", 0
fatal_add_failed: db "[init] FATAL: add() call failed!${CRLF}", 0
fatal_add_type: db "[init] FATAL: unexpected return type from add()!${CRLF}", 0
fatal_run_missing: db "[init] FATAL: export 'run_guest' not found!${CRLF}", 0
fatal_run_failed: db "[init] FATAL: run_guest() call failed!${CRLF}", 0
  align 8
add_result: dq 0
guest_output: times 256 db 0
virtio_msg: db "${CRLF}[init] Phase 9: Virtio-Block Device Interrogation${CRLF}"
  db "[init]   Using IoPort cap in Slot 4 (Virtio-Blk I/O BAR)${CRLF}", 0
features_msg: db "[init]   Device Features: ", 0
status_msg: db "[init]   Device Status: ", 0
capacity_msg: db "[init]   Disk Capacity: ", 0
sectors_open: db " sectors (", 0
kb_close: db " KB)${CRLF}", 0
mb_close: db " MB)${CRLF}", 0
virtio_warn: db "[init]   WARN: Cannot read Virtio features (err=", 0
close_paren: db ")${CRLF}", 0
crlf: db "${CRLF}", 0
wasm_result_msg: db "${CRLF}==========================================================${CRLF}"
  db "  Wasm Execution Result: 10 + 32 = ", 0
success_msg: db "${CRLF}==========================================================${CRLF}${CRLF}"
  db "==========================================================${CRLF}"
  db "  [init] SUCCESS: Sprint 11 Phase 3 PROVEN in Ring 3!${CRLF}"
  db "  [init]${CRLF}"
  db "  [init]   Phase 2: Wasm add(10,32) = 42   [PROVEN]${CRLF}"
  db "  [init]   Phase 3: Wasm -> Host Bridge    [PROVEN]${CRLF}"
  db "  [init]   Phase 9: Virtio-Blk from Ring 3 [PROVEN]${CRLF}"
  db "  [init]${CRLF}"
  db "  [init]   Chain: PCI HW Census (kernel)${CRLF}"
  db "  [init]        -> BAR Decode (I/O base 0xC000)${CRLF}"
  db "  [init]        -> IoPort Cap minted to Slot 4${CRLF}"
  db "  [init]        -> Ring 3 port_in_32 (features)${CRLF}"
  db "  [init]        -> Ring 3 port_in_32 (capacity)${CRLF}"
  db "  [init]        -> Disk size printed via COM1${CRLF}"
  db "  [init]${CRLF}"
  db "  [init] Sprint 11 Phase 3 COMPLETE.${CRLF}"
  db "==========================================================${CRLF}", 0
panic_msg: db "${CRLF}[init] PANIC!${CRLF}", 0
`;

export const HELLO = `
; Print a line on COM1 through the IoPort capability in slot 2, then exit (design) or spin (as built).
include "libmnos"
_start:
  mov rdi, SLOT_COM1
  lea rsi, [message]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall                 ; as built there is no SYS_EXIT: this returns E_..., so fall through and spin
spin:
  jmp spin
message: db "Hello from ring 3!${CRLF}", 0
`;

export const IPC_PING = `
; Sends ROUNDS messages on the endpoint in slot 5 and prints when done.
include "libmnos"
ROUNDS equ 3
_start:
  mov r12, 1
ping:
  mov rax, SYS_SEND
  mov rdi, 5
  mov rsi, 0x50494E47     ; label "PING"
  mov rdx, r12
  mov r10, 0
  syscall
  inc r12
  cmp r12, ROUNDS + 1
  jne ping
  mov rdi, SLOT_COM1
  lea rsi, [done]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
spin:
  jmp spin
done: db "[ping] sent 3 messages${CRLF}", 0
`;

export const IPC_PONG = `
; Receives on the endpoint in slot 5 and prints each data word.
include "libmnos"
_start:
  mov rax, SYS_RECV
  mov rdi, 5
  syscall
  mov r12, rsi            ; data0
  mov rdi, SLOT_COM1
  lea rsi, [got]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r12
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
  jmp _start
got: db "[pong] got ", 0
crlf: db "${CRLF}", 0
`;

export const DELEGATE_REDUCED = `
; Spawns a child and gives it a copy of the COM1 capability with only READ kept (mask in R10).
include "libmnos"
_start:
  mov rax, SYS_SPAWN_PROCESS
  syscall
  mov r12, rax            ; the child's Process capability slot
  mov rax, SYS_DELEGATE
  mov rdi, r12
  mov rsi, SLOT_COM1
  mov rdx, 2
  mov r10, RIGHT_READ     ; design: keep READ only; as built R10 is ignored and ALL is copied
  syscall
  mov rdi, SLOT_COM1
  lea rsi, [done]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
spin:
  jmp spin
done: db "[parent] delegated COM1 to the child${CRLF}", 0
`;

export const SERIAL_ECHO = `
; Enables the UART's receive interrupt, then waits on IRQ 4 (slot 2 of this program's CNode is an
; Interrupt capability) and echoes each received byte through the COM1 IoPort in slot 0.
_start:
  mov rax, SYS_PORT_OUT
  mov rdi, 0
  mov rsi, COM1_IER
  mov rdx, 1              ; IER bit 0: interrupt on received data
  mov r10, 0
  syscall
wait:
  mov rax, SYS_WAIT_IRQ
  mov rdi, 2
  syscall
drain:
  mov rax, SYS_PORT_IN
  mov rdi, 0
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  test rdi, 1             ; data ready
  jz wait
  mov rax, SYS_PORT_IN
  mov rdi, 0
  mov rsi, COM1
  mov r10, 0
  syscall
  mov rdx, rdi
  mov rax, SYS_PORT_OUT
  mov rdi, 0
  mov rsi, COM1
  mov r10, 0
  syscall
  jmp drain
`;

export const ALLOC_MAP = `
; Allocates a frame, maps it writable at 0x5000_0000, writes a value and reads it back.
include "libmnos"
_start:
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 10
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 10
  mov rdx, 0x50000000
  mov r10, 1              ; writable, not executable
  syscall
  mov rbx, 0x50000000
  mov qword [rbx], 0x2A
  mov rsi, qword [rbx]
  mov rdi, SLOT_COM1
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [msg]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
spin:
  jmp spin
msg: db " read back from the new page${CRLF}", 0
`;

export const SPAWN_EXIT = `
; Builds a child by hand, like a real loader would: a code page copied from our own image, a stack page,
; the COM1 capability, then a thread. The child prints and exits; the reaper takes everything back.
include "libmnos"
CHILD_CODE equ 0x400000
_start:
  mov rax, SYS_SPAWN_PROCESS
  syscall
  mov r12, rax                ; child Process cap slot
  ; code frame: map into ourselves at 0x6000_0000 to fill it, and into the child at 0x40_0000
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 20
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 20
  mov rdx, 0x60000000
  mov r10, 1
  syscall
  lea rsi, [child_start]
  mov rdi, 0x60000000
  mov rcx, child_end - child_start
copy:
  mov rax, byte [rsi]
  mov byte [rdi], rax
  inc rsi
  inc rdi
  dec rcx
  jne copy
  mov rax, SYS_MAP_MEMORY
  mov rdi, r12
  mov rsi, 20
  mov rdx, CHILD_CODE
  mov r10, 2                  ; executable, read-only
  syscall
  ; stack frame
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 21
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, r12
  mov rsi, 21
  mov rdx, 0x7FF000
  mov r10, 1
  syscall
  ; the child's slot 2 gets COM1
  mov rax, SYS_DELEGATE
  mov rdi, r12
  mov rsi, SLOT_COM1
  mov rdx, 2
  mov r10, 0
  syscall
  mov rax, SYS_SPAWN_THREAD
  mov rdi, r12
  mov rsi, CHILD_CODE
  mov rdx, 0x800000
  syscall
spin:
  jmp spin                    ; the parent stays: the child's code frame is also mapped here
align 16
child_start:
  ; position-independent: prints "child!" with immediate bytes, then exits
  mov rbx, 0
child_loop:
  lea rsi, [CHILD_CODE + child_msg - child_start]
  add rsi, rbx
  mov rdx, byte [rsi]
  cmp rdx, 0
  je CHILD_CODE + child_exit - child_start
  mov rax, SYS_PORT_OUT
  mov rdi, 2
  mov rsi, COM1
  mov r10, 0
  syscall
  inc rbx
  jmp CHILD_CODE + child_loop - child_start
child_exit:
  mov rax, SYS_EXIT
  mov rdi, 7
  syscall
child_spin:
  jmp CHILD_CODE + child_spin - child_start
child_msg: db "[child] hello from a process built by hand${CRLF}", 0
child_end:
`;

export const SPAWN_INITRD = `
; A loader in userspace: builds a process from the initrd's "hello" ELF with libmnos's spawn_initrd, gives
; it the COM1 capability in its slot 2, then starts its thread. As built the thread is queued where the
; scheduler never looks again (BOOT_QUEUE), so hello never prints; in the design it runs at once.
include "libmnos"
SCRATCH equ 20
WINDOW equ 0x50000000
_start:
  lea rdi, [name]
  mov rsi, SLOT_PMM
  mov rdx, SLOT_SELF
  mov rcx, SCRATCH
  mov r8, WINDOW
  call spawn_initrd
  cmp rax, 0xFFFFFFFFFFFFFFF5
  jae failed
  mov r12, rax                ; the child's Process slot
  mov r13, rdx                ; its entry point
  mov rax, SYS_DELEGATE
  mov rdi, r12
  mov rsi, SLOT_COM1
  mov rdx, SLOT_COM1
  mov r10, 0
  syscall
  mov rax, SYS_SPAWN_THREAD
  mov rdi, r12
  mov rsi, r13
  mov rdx, CHILD_STACK_TOP
  syscall
  mov r13, rax
  mov rdi, SLOT_COM1
  lea rsi, [started]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r13
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
  jmp done
failed:
  mov r12, rax
  mov rdi, SLOT_COM1
  lea rsi, [failed_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r12
  call print_hex
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
done:
  ; Never exit: our copy windows still map hello's frames, and the reaper would free them under hello
  ; (the kernel does not count mappings).
  jmp done
name: db "hello", 0
started: db "[loader] hello loaded from the initrd; its thread is TID ", 0
failed_msg: db "[loader] spawn_initrd failed: ", 0
crlf: db "${CRLF}", 0
`;

export const RUNAWAY = `
; An endless loop: the scheduler preempts it at every quantum and the page never freezes.
_start:
  inc rax
  jmp _start
`;

export const FAULT = `
; Writes to an address nobody mapped.
include "libmnos"
_start:
  mov rdi, SLOT_COM1
  lea rsi, [msg]
  call puts
  mov rbx, 0xDEAD000
  mov qword [rbx], 1
  jmp _start
msg: db "[fault] about to write to 0xDEAD000${CRLF}", 0
`;

export const LOAD = `
; Busy work that never blocks: four of these show how many cores share the load.
_start:
  mov rcx, 0
spin:
  add rcx, 1
  jmp spin
`;

export const TIGHT_LOOP = `
; The benchmark's loop: count down from a large number.
_start:
  mov rcx, 0x7FFFFFFFFFFF
loop:
  dec rcx
  jne loop
  jmp _start
`;

const SERIAL_DRV_SOURCE = `
; serial_drv as user/serial_drv does: slot 0 COM1 IoPort, slot 1 Endpoint (READ), slot 2 Interrupt.
; Prints a hello line, then serves label 0x01 requests by writing data0's low byte to COM1.
include "libmnos"
_start:
  mov rdi, 0
  lea rsi, [hello]
  call puts
serve:
  mov rax, SYS_RECV
  mov rdi, 1
  syscall
  cmp rax, 0
  jne serve               ; errors are ignored: retry
  cmp rdi, 1
  jne serve
  mov rdx, rsi
  mov rax, SYS_PORT_OUT
  mov rdi, 0
  mov rsi, COM1
  mov r10, 0
  syscall
  jmp serve
hello: db "${CRLF}[serial_drv] Hello from Ring 3 Serial Driver!${CRLF}"
  db "[serial_drv] Entering IPC command loop...${CRLF}", 0
`;

/**
 * The worked example of the architecture pages: print through the COM1 capability, by the library and by
 * hand, then make three calls fail the way the kernel reports failure. Its `; [n]` markers split it into the
 * steps the page explains, so keep them when editing.
 */
export const PRINT_AND_ERRORS = `
; The worked example. Slots as init has them: 1 PmmAllocator, 2 COM1 IoPort (0x3F8, 8 ports), 3 Process.
include "libmnos"
_start:
  ; [1] A line through the library: puts waits for the transmitter, then writes each byte.
  mov rdi, SLOT_COM1
  lea rsi, [hello]
  call puts
  ; [2] One byte by hand. Read the line status register until bit 5 says the transmitter is empty...
wait_tx:
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_COM1
  mov rsi, COM1_LSR
  mov r10, 0                ; width: 8 bits
  syscall                   ; rax = 0, rdi = the status byte
  test rdi, 0x20
  jz wait_tx
  ; ...then write the byte to the data register.
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov rdx, '!'
  mov r10, 0
  syscall
  mov rdi, SLOT_COM1
  lea rsi, [newline]
  call puts
  ; [3] An empty slot names nothing: u64::MAX.
  mov rax, SYS_PORT_OUT
  mov rdi, 9
  mov rsi, COM1
  mov rdx, '?'
  mov r10, 0
  syscall
  mov rbx, rax
  lea rsi, [empty_msg]
  call report
  ; [4] A port outside the capability's range (COM2 is 0x2F8): u64::MAX - 4.
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, 0x2F8
  mov rdx, '?'
  mov r10, 0
  syscall
  mov rbx, rax
  lea rsi, [range_msg]
  call report
  ; [5] A capability of the wrong type (slot 1 is the PmmAllocator): u64::MAX - 2.
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_PMM
  mov rsi, COM1
  mov rdx, '?'
  mov r10, 0
  syscall
  mov rbx, rax
  lea rsi, [type_msg]
  call report
  ; [6] Exit. As built there is no SYS_EXIT: RAX = 0 is an unknown number and returns u64::MAX.
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
  mov rbx, rax
  lea rsi, [exit_msg]
  call report
spin:
  jmp spin
; report: rsi = message, rbx = the value to print after it.
report:
  mov rdi, SLOT_COM1
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_hex
  mov rdi, SLOT_COM1
  lea rsi, [newline]
  call puts
  ret
hello: db "[example] hello through the capability in slot 2${CRLF}", 0
empty_msg: db "[example] slot 9 is empty: ", 0
range_msg: db "[example] port 0x2F8 is outside the capability: ", 0
type_msg: db "[example] slot 1 is not an IoPort: ", 0
exit_msg: db "[example] SYS_EXIT returned ", 0
newline: db "${CRLF}", 0
`;

/** Reads the virtio-blk registers through the IoPort capability in slot 4, as init's phase 9 does. */
export const VIRTIO_PROBE = `
; Slots: 2 COM1, 4 the virtio-blk I/O range (0xC000, 128 ports). Legacy virtio registers: +0x00 device
; features (32 bits), +0x12 device status (8 bits), +0x14 and +0x18 the capacity in 512-byte sectors.
include "libmnos"
VIRTIO_IO equ 0xC000
_start:
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, VIRTIO_IO
  mov r10, 4                ; width: 32 bits
  syscall
  cmp rax, 0
  jne failed
  mov rbx, rdi
  mov rdi, SLOT_COM1
  lea rsi, [features_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_hex
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, VIRTIO_IO + 0x12
  mov r10, 0                ; width: 8 bits
  syscall
  mov rbx, rdi
  mov rdi, SLOT_COM1
  lea rsi, [status_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_hex
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_VIRTIO
  mov rsi, VIRTIO_IO + 0x14
  mov r10, 4
  syscall
  mov rbx, rdi
  mov rdi, SLOT_COM1
  lea rsi, [capacity_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [sectors_msg]
  call puts
  jmp done
failed:
  mov rbx, rax
  mov rdi, SLOT_COM1
  lea rsi, [failed_msg]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, rbx
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [close_msg]
  call puts
done:
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
spin:
  jmp spin
features_msg: db "[virtio] device features: ", 0
status_msg: db "${CRLF}[virtio] device status: ", 0
capacity_msg: db "${CRLF}[virtio] capacity: ", 0
sectors_msg: db " sectors${CRLF}", 0
failed_msg: db "[virtio] cannot read the device (err=", 0
close_msg: db ")${CRLF}", 0
`;

export const PROGRAMS: Readonly<Record<string, string>> = {
  init: INIT,
  "serial-drv": SERIAL_DRV_SOURCE,
  hello: HELLO,
  "ipc-ping": IPC_PING,
  "ipc-pong": IPC_PONG,
  "delegate-reduced": DELEGATE_REDUCED,
  "serial-echo": SERIAL_ECHO,
  "alloc-map": ALLOC_MAP,
  "spawn-exit": SPAWN_EXIT,
  "spawn-initrd": SPAWN_INITRD,
  runaway: RUNAWAY,
  fault: FAULT,
  load: LOAD,
  "tight-loop": TIGHT_LOOP,
  "print-and-errors": PRINT_AND_ERRORS,
  "virtio-probe": VIRTIO_PROBE,
};
