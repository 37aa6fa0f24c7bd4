/**
 * libmnos in the simulator's assembly: the routines user/libmnos provides in Rust, with the same syscalls.
 * Calling convention: arguments in rdi, rsi, rdx, rcx, r8; r12-r15 and rbx are preserved; rax, rdi, rsi, rdx,
 * r10, r11 and rcx may be clobbered.
 */
export const LIBMNOS = `
; ---- libmnos -----------------------------------------------------------------
; putc: rdi = COM1 IoPort slot, rsi = byte. Polls the line status register until the transmit
; holding register is empty (bit 5), then writes the byte, as libmnos::io does.
putc:
  push r12
  push r13
  mov r12, rdi
  mov r13, rsi
putc_wait:
  mov rax, SYS_PORT_IN
  mov rdi, r12
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  test rdi, 0x20
  jz putc_wait
  mov rax, SYS_PORT_OUT
  mov rdi, r12
  mov rsi, COM1
  mov rdx, r13
  mov r10, 0
  syscall
  pop r13
  pop r12
  ret

; puts: rdi = COM1 slot, rsi = address of a NUL-terminated string.
puts:
  push r12
  push r13
  mov r12, rdi
  mov r13, rsi
puts_next:
  mov rsi, byte [r13]
  cmp rsi, 0
  je puts_done
  mov rdi, r12
  call putc
  inc r13
  jmp puts_next
puts_done:
  pop r13
  pop r12
  ret

; print_dec: rdi = COM1 slot, rsi = unsigned value. No divide instruction: subtract powers of ten.
print_dec:
  push r12
  push r13
  push r14
  push r15
  mov r12, rdi
  mov r13, rsi
  lea r14, [powers_of_ten]
  mov r15, 0              ; a digit has been printed
print_dec_power:
  mov rcx, qword [r14]
  cmp rcx, 0
  je print_dec_done
  mov rdx, '0'
print_dec_sub:
  cmp r13, rcx
  jb print_dec_digit
  sub r13, rcx
  inc rdx
  jmp print_dec_sub
print_dec_digit:
  add r14, 8
  cmp rdx, '0'
  jne print_dec_emit
  cmp r15, 0
  jne print_dec_emit
  cmp qword [r14], 0      ; the last power (1) always prints, so 0 prints as "0"
  jne print_dec_power
print_dec_emit:
  mov r15, 1
  mov rdi, r12
  mov rsi, rdx
  call putc
  jmp print_dec_power
print_dec_done:
  pop r15
  pop r14
  pop r13
  pop r12
  ret

; print_hex: rdi = COM1 slot, rsi = value. Prints 0x and the digits without leading zeros.
print_hex:
  push r12
  push r13
  push r14
  push r15
  mov r12, rdi
  mov r13, rsi
  mov rsi, '0'
  call putc
  mov rdi, r12
  mov rsi, 'x'
  call putc
  mov r14, 60             ; shift of the current nibble
  mov r15, 0
print_hex_nibble:
  mov rdx, r13
  mov rcx, r14
  shr rdx, rcx
  and rdx, 15
  cmp rdx, 0
  jne print_hex_emit
  cmp r15, 0
  jne print_hex_emit
  cmp r14, 0
  jne print_hex_skip
print_hex_emit:
  mov r15, 1
  lea rsi, [hex_digits]
  add rsi, rdx
  mov rsi, byte [rsi]
  mov rdi, r12
  call putc
print_hex_skip:
  cmp r14, 0
  je print_hex_done
  sub r14, 4
  jmp print_hex_nibble
print_hex_done:
  pop r15
  pop r14
  pop r13
  pop r12
  ret

; map_new_frame: rdi = PmmAllocator slot, rsi = empty slot for the frame, rdx = Process slot, rcx = address,
; r8 = MAP_MEMORY flags (bit 0 writable, bit 1 executable). ALLOC_MEMORY into the slot, then MAP_MEMORY
; there; the MemoryFrame capability stays in the slot. Returns 0, or the failing syscall's error.
map_new_frame:
  push r12
  push r13
  push r14
  push r15
  mov r12, rsi
  mov r13, rdx
  mov r14, rcx
  mov r15, r8
  mov rax, SYS_ALLOC_MEMORY
  mov rsi, r12
  syscall
  cmp rax, 0
  jne map_new_frame_out
  mov rax, SYS_MAP_MEMORY
  mov rdi, r13
  mov rsi, r12
  mov rdx, r14
  mov r10, r15
  syscall
map_new_frame_out:
  pop r15
  pop r14
  pop r13
  pop r12
  ret

; heap_init: rdi = base, rsi = pages, rdx = alloc slot, rcx = proc slot, r8 = scratch slot.
; Per page: ALLOC_MEMORY(alloc, scratch), MAP_MEMORY(proc, scratch, va, 1 = RW+NX), DROP_CAP(scratch),
; like libmnos::heap::init_heap. Returns 0 in rax, or the failing syscall's error.
heap_init:
  push r12
  push r13
  push r14
  push r15
  push rbx
  mov r12, rdi
  mov r13, rsi
  mov r14, rdx
  mov r15, rcx
  mov rbx, r8
heap_init_page:
  cmp r13, 0
  je heap_init_ok
  mov rdi, r14
  mov rsi, rbx
  mov rdx, r15
  mov rcx, r12
  mov r8, 1                   ; writable, not executable
  call map_new_frame
  cmp rax, 0
  jne heap_init_out
  mov rax, SYS_DROP_CAP
  mov rdi, rbx
  syscall
  add r12, PAGE_SIZE
  dec r13
  jmp heap_init_page
heap_init_ok:
  mov rax, 0
heap_init_out:
  pop rbx
  pop r15
  pop r14
  pop r13
  pop r12
  ret

; tar_find: rdi = address of a NUL-terminated name. Walks the USTAR initrd at INITRD_BASE.
; Returns rax = address of the file's first byte and rdx = its size, or rax = 0 if no file has that name.
tar_find:
  push r12
  push r13
  push r14
  mov r12, INITRD_BASE        ; current header
  mov r13, rdi
tar_find_header:
  cmp byte [r12], 0           ; two zero blocks end the archive
  je tar_find_missing
  ; size: up to 11 octal digits at offset 124
  mov rdx, 0
  mov rcx, 0
tar_find_digit:
  mov rax, byte [r12 + rcx + 124]
  cmp rax, '0'
  jb tar_find_compare
  cmp rax, '7'
  ja tar_find_compare
  shl rdx, 3
  sub rax, '0'
  add rdx, rax
  inc rcx
  cmp rcx, 11
  jne tar_find_digit
tar_find_compare:
  mov rsi, r12
  mov rdi, r13
tar_find_char:
  mov rax, byte [rdi]
  mov r14, byte [rsi]
  cmp rax, r14
  jne tar_find_next
  cmp rax, 0
  je tar_find_found
  inc rdi
  inc rsi
  jmp tar_find_char
tar_find_next:
  add r12, 512                ; past the header and the data, rounded up to 512
  add rdx, 511
  and rdx, 0xFFFFFFFFFFFFFE00
  add r12, rdx
  jmp tar_find_header
tar_find_found:
  lea rax, [r12 + 512]
  jmp tar_find_out
tar_find_missing:
  mov rax, 0
tar_find_out:
  pop r14
  pop r13
  pop r12
  ret

; spawn_initrd: start building a process from an ELF file of the initrd, as a loader in userspace must:
; the kernel has no ELF syscall. rdi = name, rsi = PmmAllocator slot, rdx = own Process slot,
; rcx = scratch slot, r8 = a free page-aligned address in the caller where each code page is mapped to be
; filled (there is no unmap syscall, so these pages stay mapped: give each call its own window).
; Per page of the first PT_LOAD segment: ALLOC_MEMORY, MAP_MEMORY into the caller, copy, MAP_MEMORY into
; the child (read, write, execute), DROP_CAP; then one stack page below CHILD_STACK_TOP.
; Returns rax = the child's Process slot and rdx = the entry point: delegate the child its capabilities,
; then SPAWN_THREAD(rax, rdx, CHILD_STACK_TOP). On error rax holds the failing syscall's error,
; E_NOT_IN_INITRD or E_NOT_ELF, and a half-built child leaks (the kernel cannot destroy a process).
E_NOT_IN_INITRD equ 0xFFFFFFFFFFFFFFF5
E_NOT_ELF equ 0xFFFFFFFFFFFFFFF6
CHILD_STACK_TOP equ 0x800000
spawn_initrd:
  push r12
  push r13
  push r14
  push r15
  push rbx
  mov r12, rsi                ; PmmAllocator slot
  mov r13, rdx                ; own Process slot
  mov r14, rcx                ; scratch slot
  mov r15, r8                 ; copy window in the caller
  call tar_find
  cmp rax, 0
  je spawn_initrd_missing
  mov rbx, rax                ; the ELF file
  mov rax, dword [rbx]
  cmp rax, 0x464C457F         ; "\x7FELF"
  jne spawn_initrd_not_elf
  mov rax, SYS_SPAWN_PROCESS
  syscall
  cmp rax, 0xFFFFFFFFFFFFFFF5 ; results from M-10 up are errors
  jae spawn_initrd_out
  push rax                    ; [rsp + 32]: child slot
  push qword [rbx + 24]       ; [rsp + 24]: e_entry
  mov rcx, qword [rbx + 32]   ; e_phoff
  add rcx, rbx                ; the first program header
  mov rax, qword [rcx + 8]    ; p_offset
  add rax, rbx
  push rax                    ; [rsp + 16]: next source byte
  push qword [rcx + 16]       ; [rsp + 8]: next child address (p_vaddr)
  push qword [rcx + 32]       ; [rsp]: bytes left (p_filesz)
spawn_initrd_page:
  cmp qword [rsp], 0
  je spawn_initrd_stack
  mov rdi, r12
  mov rsi, r14
  mov rdx, r13
  mov rcx, r15
  mov r8, 1                   ; writable, not executable, in the caller
  call map_new_frame
  cmp rax, 0
  jne spawn_initrd_fail
  ; copy min(bytes left, one page), eight bytes at a time (the frame is zeroed past the end)
  mov rcx, qword [rsp]
  cmp rcx, PAGE_SIZE
  jbe spawn_initrd_count
  mov rcx, PAGE_SIZE
spawn_initrd_count:
  sub qword [rsp], rcx
  mov rsi, qword [rsp + 16]
  add qword [rsp + 16], PAGE_SIZE
  mov rdi, r15
spawn_initrd_copy:
  mov rax, qword [rsi]
  mov qword [rdi], rax
  add rsi, 8
  add rdi, 8
  cmp rcx, 8
  jbe spawn_initrd_copied
  sub rcx, 8
  jmp spawn_initrd_copy
spawn_initrd_copied:
  mov rax, SYS_MAP_MEMORY
  mov rdi, qword [rsp + 32]
  mov rsi, r14
  mov rdx, qword [rsp + 8]
  mov r10, 3                  ; writable and executable: the segment holds code and data
  syscall
  cmp rax, 0
  jne spawn_initrd_fail
  mov rax, SYS_DROP_CAP
  mov rdi, r14
  syscall
  add qword [rsp + 8], PAGE_SIZE
  add r15, PAGE_SIZE
  jmp spawn_initrd_page
spawn_initrd_stack:
  mov rdi, r12
  mov rsi, r14
  mov rdx, qword [rsp + 32]
  mov rcx, CHILD_STACK_TOP - PAGE_SIZE
  mov r8, 1
  call map_new_frame
  cmp rax, 0
  jne spawn_initrd_fail
  mov rax, SYS_DROP_CAP
  mov rdi, r14
  syscall
  mov rdx, qword [rsp + 24]
  mov rax, qword [rsp + 32]
  add rsp, 40
  jmp spawn_initrd_out
spawn_initrd_fail:
  add rsp, 40
  jmp spawn_initrd_out
spawn_initrd_missing:
  mov rax, E_NOT_IN_INITRD
  jmp spawn_initrd_out
spawn_initrd_not_elf:
  mov rax, E_NOT_ELF
spawn_initrd_out:
  pop rbx
  pop r15
  pop r14
  pop r13
  pop r12
  ret

powers_of_ten:
  dq 10000000000000000000, 1000000000000000000, 100000000000000000, 10000000000000000
  dq 1000000000000000, 100000000000000, 10000000000000, 1000000000000, 100000000000
  dq 10000000000, 1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1, 0
hex_digits:
  db "0123456789ABCDEF"
`;
