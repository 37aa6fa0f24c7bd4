/**
 * The commands the debugging page tells a reader to type. The page renders them from here, and
 * tests/unit/qemu-debugging.test.ts runs the QEMU side of each on this machine, so what the page says is
 * what was tried.
 */

/** Start the kernel paused, with QEMU's GDB server on TCP port 1234 (-s is -gdb tcp::1234, -S: CPU stopped). */
export const RUN_PAUSED = 'make run QEMU="qemu-system-x86_64 -s -S"';

/** The QEMU flags that pause at reset and serve GDB, as the make command above adds them. */
export const GDB_FLAGS = ["-s", "-S"] as const;

export const GDB_ATTACH = [
  "gdb target/x86_64-unknown-none/debug/minimalos-kernel",
  "(gdb) target remote :1234",
  "(gdb) hbreak kmain",
  "(gdb) continue",
].join("\n");

/** Flags that log every exception and CPU reset to a file. */
export const TRIPLE_FAULT_LOG_FLAGS = ["-d", "int,cpu_reset", "-D", "target/qemu-debug.log"] as const;

/** The serial console and QEMU's monitor on one terminal: Ctrl+A C switches between them. */
export const SERIAL_WITH_MONITOR = ["-serial", "mon:stdio"] as const;

/** The full command for chasing a triple fault: make iso first, then QEMU by hand. */
export const TRIPLE_FAULT_COMMAND = [
  "make iso",
  "test -f target/virtio-test.img || dd if=/dev/zero of=target/virtio-test.img bs=1M count=1",
  [
    "qemu-system-x86_64 -cdrom target/minimalos-debug.iso -smp 4 -m 512M",
    `  ${SERIAL_WITH_MONITOR.join(" ")} -no-reboot -no-shutdown`,
    `  ${TRIPLE_FAULT_LOG_FLAGS.join(" ")}`,
    "  -drive file=target/virtio-test.img,format=raw,if=virtio",
  ].join(" \\\n"),
].join("\n");

/** What the end of the log looks like after a triple fault. */
export const TRIPLE_FAULT_LOG_TAIL = "Triple fault";
