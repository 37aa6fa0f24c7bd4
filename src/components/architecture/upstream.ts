/**
 * Links into the upstream repository at the commit the site describes. Paths are a closed list (the files
 * at that commit), so a mistyped path fails the build instead of linking to a 404.
 */
import { UPSTREAM_COMMIT } from "../../sim/abi/profiles";

export const UPSTREAM_REPO = "https://github.com/nadeeshafdo/MinimalOS";
/** The commit's date, for readers weighing how current a page is. */
export const UPSTREAM_COMMIT_DATE = "6 March 2026";

export const UPSTREAM_PATHS = [
  "Cargo.toml",
  "Makefile",
  "apps/hello_wasm/Cargo.toml",
  "apps/hello_wasm/src/lib.rs",
  "boot/limine.conf",
  "kernel/linker.ld",
  "kernel/src/arch/x86_64/acpi.rs",
  "kernel/src/arch/x86_64/boot.rs",
  "kernel/src/arch/x86_64/cpu.rs",
  "kernel/src/arch/x86_64/gdt.rs",
  "kernel/src/arch/x86_64/idt.rs",
  "kernel/src/arch/x86_64/ioapic.rs",
  "kernel/src/arch/x86_64/lapic.rs",
  "kernel/src/arch/x86_64/pci.rs",
  "kernel/src/arch/x86_64/serial.rs",
  "kernel/src/arch/x86_64/smp.rs",
  "kernel/src/arch/x86_64/syscall.rs",
  "kernel/src/cap/cnode.rs",
  "kernel/src/fs/elf.rs",
  "kernel/src/fs/tar.rs",
  "kernel/src/ipc/endpoint.rs",
  "kernel/src/ipc/message.rs",
  "kernel/src/main.rs",
  "kernel/src/memory/address.rs",
  "kernel/src/memory/heap.rs",
  "kernel/src/memory/pml4.rs",
  "kernel/src/memory/pmm.rs",
  "kernel/src/memory/vmm.rs",
  "kernel/src/sched/context.rs",
  "kernel/src/sched/percpu.rs",
  "kernel/src/sched/process.rs",
  "kernel/src/sched/scheduler.rs",
  "kernel/src/sched/thread.rs",
  "kernel/src/util/logger.rs",
  "kernel/src/util/panic.rs",
  "user/init/Cargo.toml",
  "user/init/linker.ld",
  "user/init/src/main.rs",
  "user/libmnos/src/heap.rs",
  "user/libmnos/src/io.rs",
  "user/libmnos/src/ipc.rs",
  "user/libmnos/src/irq.rs",
  "user/libmnos/src/lib.rs",
  "user/libmnos/src/process.rs",
  "user/libmnos/src/syscall.rs",
  "user/serial_drv/src/main.rs",
] as const;

export type UpstreamPath = (typeof UPSTREAM_PATHS)[number];

export function isUpstreamPath(path: string): path is UpstreamPath {
  return (UPSTREAM_PATHS as readonly string[]).includes(path);
}

/** The file at the described commit on GitHub; throws on a path that is not in the list. */
export function upstreamFileUrl(path: string): string {
  if (!isUpstreamPath(path)) throw new Error(`"${path}" is not a file at upstream ${UPSTREAM_COMMIT}`);
  return `${UPSTREAM_REPO}/blob/${UPSTREAM_COMMIT}/${path}`;
}

export const UPSTREAM_TREE_URL = `${UPSTREAM_REPO}/tree/${UPSTREAM_COMMIT}`;
