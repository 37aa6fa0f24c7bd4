/**
 * libmnos in the simulator's assembly: the routines user/libmnos provides in Rust, with the same syscalls.
 * Calling convention: arguments in rdi, rsi, rdx, rcx; r12-r15 and rbx are preserved; rax, rdi, rsi, rdx,
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
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, r14
  mov rsi, rbx
  syscall
  cmp rax, 0
  jne heap_init_out
  mov rax, SYS_MAP_MEMORY
  mov rdi, r15
  mov rsi, rbx
  mov rdx, r12
  mov r10, 1
  syscall
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

powers_of_ten:
  dq 10000000000000000000, 1000000000000000000, 100000000000000000, 10000000000000000
  dq 1000000000000000, 100000000000000, 10000000000000, 1000000000000, 100000000000
  dq 10000000000, 1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1, 0
hex_digits:
  db "0123456789ABCDEF"
`;
