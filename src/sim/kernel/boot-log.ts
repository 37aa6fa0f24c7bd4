/**
 * The kernel's boot log, line for line as kmain prints it (kernel/src/main.rs and the modules it calls, at
 * 3833797), for a QEMU machine like `make run`'s: `-smp N -m M` on the i440fx board with OVMF.
 *
 * Values the simulator does not model (firmware addresses, the kernel's section layout, ACPI tables, the
 * PCI topology, timer calibration) are the typical values of that QEMU run, from upstream's docs and QEMU's
 * device model; they are constants here and named as such. Values the simulator does model (memory size,
 * frames, cores, processes, capabilities, the initrd) come from the machine. The lines the running kernel
 * prints after boot as well (a process or thread created, a panic) are in kernel-log.ts.
 */
import type { Capability } from "../abi/cap-types";
import { formatRights } from "../abi/rights";
import { hexU, physAddr, pointer } from "./format";
import { processCreated, RULE, TYPICAL_QEMU } from "./kernel-log";
import { LAYOUT, PAGE_SIZE } from "./layout";
import type { MapEntry, PmmLayout } from "./memory-map";

/** Phases 1 and 2: the banner and what Limine handed over, with the machine's memory map. */
export function bannerAndBootInfo(map: readonly MapEntry[]): string[] {
  const q = TYPICAL_QEMU;
  const [text, rodata, data, bss] = q.sections;
  let at = q.kernelVirt;
  const section = (name: string, size: number) => {
    const line = `  ${name.padEnd(8)} ${hexU(at, 18)} — ${hexU(at + BigInt(size), 18)} (${size} bytes)`;
    at += BigInt(size);
    return line;
  };
  const sum = (entries: readonly MapEntry[]) => entries.reduce((n, [base, end]) => n + (end - base), 0);
  const usable = sum(map.filter((e) => e[2] === "Usable"));
  return [
    "",
    RULE,
    "  MinimalOS NextGen v0.1.0",
    "  Capability-based microkernel for x86_64",
    RULE,
    "",
    `[boot] HHDM offset: ${hexU(q.hhdm, 18)}`,
    `[boot] Kernel physical base: ${hexU(q.kernelPhys, 10)}`,
    `[boot] Kernel virtual base:  ${hexU(q.kernelVirt, 18)}`,
    `[boot] Kernel size:          ${q.kernelKiB} KiB (${q.kernelKiB / 4} pages)`,
    "[boot] Sections:",
    section(".text:", text),
    section(".rodata:", rodata),
    section(".data:", data),
    section(".bss:", bss),
    "",
    `[boot] Physical memory map (${map.length} entries):`,
    ...map.map(
      ([base, end, type]) =>
        `  ${hexU(base, 12)} — ${hexU(end, 12)}  ${String((end - base) / 1024).padStart(10)} KiB  ${type}`,
    ),
    "",
    `[boot] Total memory:  ${Math.floor(sum(map) / MIB)} MiB`,
    `[boot] Usable memory: ${Math.floor(usable / MIB)} MiB (${usable / PAGE_SIZE} pages)`,
    `[boot] ACPI RSDP at: ${hexU(q.rsdp, 18)}`,
    `[boot] Framebuffer: ${q.framebuffer.width}x${q.framebuffer.height} @ ${q.framebuffer.bpp} bpp, pitch=${q.framebuffer.width * 4} bytes`,
    `[boot] Framebuffer address: ${pointer(q.hhdm + BigInt(q.framebuffer.phys))}`,
    "[boot] Framebuffer console initialized",
  ];
}

const MIB = 1024 * 1024;
const virt = (phys: number) => hexU(TYPICAL_QEMU.hhdm + BigInt(phys), 18);

/**
 * Phase 3: pmm.rs's lines from the map's arithmetic (its figures before anything is allocated, which
 * pmm::stats repeats), then the heap's 64 pages at `heapPhys`, the first run of 64 free frames.
 */
export function memoryPhase(l: PmmLayout, heapPhys: number): string[] {
  const free = l.free.reduce((n, [a, b]) => n + b - a, 0);
  const used = l.total - free;
  const mib = (frames: number) => Math.floor((frames * PAGE_SIZE) / MIB);
  return [
    "",
    "[init] Phase 3: Memory management",
    `[pmm] Highest physical address: ${hexU(l.highest, 12)} (${Math.floor(l.highest / MIB)} MiB)`,
    `[pmm] Tracking ${l.total} frames, bitmap = ${l.bitmapBytes} bytes (${l.bitmapPages} pages)`,
    `[pmm] Bitmap placed at physical ${physAddr(l.bitmapPhys)}`,
    `[pmm] Free frames: ${free} (${mib(free)} MiB), used: ${used} (${mib(used)} MiB)`,
    `[pmm] ${l.total} total frames, ${used} used, ${free} free (${mib(free)} MiB free)`,
    `[heap] Allocated 256 KiB at phys ${physAddr(heapPhys)} / virt ${virt(heapPhys)}`,
    "[heap] Kernel heap initialized (256 KiB)",
    "[heap] Test allocation OK: [42, 1337, 3735928559] (heap used: 32 bytes)",
    "[heap] After drop: 0 bytes used / 256 KiB total",
    "[vmm] Page table infrastructure ready (CR3 switch deferred to Sprint 3)",
  ];
}

/** Where gdt::init put a core's double-fault stack, and whether unmapping its guard page failed. */
export interface IstStack {
  phys: number;
  /** unmap_page met a huge page: Limine's HHDM on the BSP, a 2 MiB page of the pristine tables on an AP. */
  hugeGuard: boolean;
}

/** What gdt::init prints on each core: its double-fault stack and the loaded GDT. */
function gdtLines(ist: IstStack): string[] {
  return [
    ...(ist.hugeGuard ? ["[gdt] WARNING: Could not unmap IST1 guard page (huge page?)"] : []),
    `[gdt] IST1 stack: ${virt(ist.phys + 0x1000)} — ${virt(ist.phys + 0x4000)} (guard page at ${virt(ist.phys)})`,
    "[gdt] GDT loaded: null + KERNEL_CS(0x08) + KERNEL_DS(0x10) + USER_DS(0x1B) + USER_CS(0x23) + TSS(0x28)",
  ];
}

const IDT_LINE = "[idt] IDT loaded: 15 exception handlers, 16 IRQ handlers, spurious @255";
/** CpuLocal::install: the core's CpuLocal is a Box on the kernel heap, at `phys`. */
const percpuLine = (core: number, phys: number) =>
  `[percpu] Core ${core} (LAPIC ${core}) GS base set to ${virt(phys)}`;
const lapicLines = (id: number) => [
  `[lapic] LAPIC ID=${id}, version=${hexU(TYPICAL_QEMU.lapicVersion, 4)}`,
  "[lapic] LAPIC enabled, spurious vector = 255",
];
const MSR_LINE = `[syscall] MSRs configured: STAR=0x0010000800000000 LSTAR=${hexU(TYPICAL_QEMU.syscallEntry, 18)} FMASK=0x0200`;

/**
 * Phase 4: GDT, IDT, ACPI and the MADT, LAPIC and its timer, I/O APIC, the kernel's own page tables:
 * `hhdm` the 2 MiB and 4 KiB pages pml4::build mapped, `pml4` the frame it built them in.
 */
export function interruptPhase(
  cores: number,
  ist: IstStack,
  hhdm: readonly [number, number],
  pml4: number,
): string[] {
  const q = TYPICAL_QEMU;
  const overrides = (prefix: string) =>
    q.overrides.map(([irq, gsi, pol, trig]) => `${prefix}IRQ ${irq} → GSI ${gsi} (pol=${pol}, trig=${trig})`);
  const [text, rodata, data, bss] = q.sections;
  const bounds: bigint[] = [q.kernelVirt];
  for (const size of [text, rodata, data, bss]) bounds.push((bounds[bounds.length - 1] ?? 0n) + BigInt(size));
  const range = (i: number) => `${hexU(bounds[i] ?? 0n, 18)} — ${hexU(bounds[i + 1] ?? 0n, 18)}`;
  const ticks = q.timerTicksIn10ms;
  return [
    "",
    "[init] Phase 4: Interrupts & exceptions",
    ...gdtLines(ist),
    IDT_LINE,
    `[acpi] RSDP physical: ${hexU(q.rsdp, 18)}`,
    `[acpi] RSDP virtual (HHDM): ${hexU(q.hhdm + BigInt(q.rsdp), 18)}`,
    "[acpi] RSDP revision: 2",
    `[acpi] XSDT at physical: ${hexU(q.xsdt, 18)}`,
    `[acpi] XSDT: ${q.xsdtEntries} table entries`,
    `[acpi] Found MADT at physical: ${hexU(q.madt, 18)}`,
    `[acpi] MADT: LAPIC address = ${hexU(q.lapic, 10)}`,
    `[acpi]   I/O APIC #0: addr=${hexU(q.ioapic, 10)}, GSI base=0`,
    ...overrides("[acpi]   ISO: "),
    "[acpi]   Local APIC NMI entry (type 4, length 6)",
    `[acpi] MADT summary: ${cores} CPUs, 1 I/O APICs, ${q.overrides.length} overrides`,
    `[acpi] Summary: LAPIC @ ${hexU(q.lapic, 10)}, ${cores} CPUs, 1 I/O APICs, ${q.overrides.length} overrides`,
    `[vmm] Mapped LAPIC MMIO at ${hexU(q.lapic, 10)}`,
    `[vmm] Mapped I/O APIC #0 MMIO at ${hexU(q.ioapic, 10)}`,
    "[pic] Legacy 8259 PIC disabled (all IRQs masked)",
    ...lapicLines(0),
    "[lapic] CPUID 0x15 unavailable, calibrating via PIT...",
    `[lapic] PIT calibration: ${ticks} ticks in 10ms = ${ticks / 10_000} ticks/μs`,
    `[ioapic] I/O APIC ID=0, version=${hexU(q.ioapicVersion, 4)}, 24 entries (GSI base=0)`,
    ...overrides("[ioapic]   Override: "),
    "[ioapic] Enabled GSI 4 → vector 36 → APIC ID 0",
    "[pml4] Building pristine kernel page tables...",
    `[pml4] HHDM: ${hhdm[0]} 2M pages + ${hhdm[1]} 4K pages mapped`,
    `[pml4] Kernel phys=${hexU(q.kernelPhys, 18)} virt=${hexU(q.kernelVirt, 18)}`,
    `[pml4]   .text:   ${range(0)} (R+X)`,
    `[pml4]   .rodata: ${range(1)} (R)`,
    `[pml4]   .data:   ${range(2)} (R+W+NX)`,
    `[pml4]   .bss:    ${range(3)} (R+W+NX)`,
    `[pml4] Kernel: ${q.kernelKiB / 4} 4K pages mapped with W^X`,
    "[pml4] MMIO: LAPIC + I/O APIC mapped (uncacheable, PCD=1 PWT=0)",
    `[pml4] Pristine PML4 built at phys ${physAddr(pml4)}`,
    "[pml4] Activating pristine PML4 (CR3 swap)...",
    "[pml4] CR3 swap complete — running on pristine page tables",
    "[init] Interrupts ENABLED",
  ];
}

/** Phases 5 and 6: the BSP's CpuLocal (on the heap at `local`) and the SYSCALL MSRs. */
export function cpuPhases(local: number): string[] {
  return [
    "",
    "[init] Phase 5: Scheduler initialization",
    percpuLine(0, local),
    "",
    "[init] Phase 6: SYSCALL MSR initialization",
    MSR_LINE,
  ];
}

/** Phase 6.5: the PCI scan of QEMU's i440fx board, with the virtio disk of `make run` or without it. */
export function pciPhase(virtio: boolean): string[] {
  const devices = [
    "00:00.0 — Vendor:8086 Device:1237 | Class:06 Sub:00 ProgIF:00 (Host Bridge)",
    "00:01.0 — Vendor:8086 Device:7000 | Class:06 Sub:01 ProgIF:00 (ISA Bridge)",
    "00:01.1 — Vendor:8086 Device:7010 | Class:01 Sub:01 ProgIF:80 (IDE Controller)",
    "00:01.3 — Vendor:8086 Device:7113 | Class:06 Sub:80 ProgIF:00 (Other Bridge)",
    "00:02.0 — Vendor:1234 Device:1111 | Class:03 Sub:00 ProgIF:00 (VGA Controller)",
    "00:03.0 — Vendor:8086 Device:100E | Class:02 Sub:00 ProgIF:00 (Ethernet Controller)",
  ].map((d) => `[pci]   ${d}`);
  const disk = virtio
    ? [
        "[pci]   00:04.0 — Vendor:1AF4 Device:1001 | Class:01 Sub:00 ProgIF:00 (SCSI Bus Controller)",
        "[pci]   ╰─ Virtio device 1AF4:1001 — probing BARs...",
        "[pci]     BAR 0: I/O  port=0xC000 size=128 bytes",
        "[pci]     ╰─ Cached Virtio-Blk I/O base=0xC000 size=128",
        "[pci]     BAR 1: MMIO base=0x0000000081060000 size=4096 bytes",
        "[pci]     BAR 4: MMIO base=0x000000C000000000 size=16384 bytes [prefetchable]",
      ]
    : [];
  return [
    "",
    "[init] Phase 6.5: PCI Device Discovery",
    "[pci] Enumerating PCI configuration space...",
    ...devices,
    ...disk,
    `[pci] Enumeration complete: ${virtio ? 7 : 6} device(s) found`,
  ];
}

/** Phase 7's opening: the Limine module and the initrd's listing (`old`: as kmain printed it before 6bccab6). */
export function initrdPhase(
  files: readonly { name: string; bytes: Uint8Array }[],
  tarBytes: number,
  old: boolean,
): string[] {
  const q = TYPICAL_QEMU;
  return [
    "",
    old
      ? "[init] Phase 7: ELF Loader + TarFS Initrd + Process Isolation"
      : "[init] Phase 7: Init Process — The God Process",
    "[init] Limine loaded 1 boot module(s)",
    `[init] Module 0: "/boot/initrd.tar" (${tarBytes} bytes at ${pointer(q.hhdm + BigInt(q.initrdPhys))})`,
    ...(old ? [] : [`[init] Initrd physical base: ${hexU(q.initrdPhys, 10)}, size: ${tarBytes} bytes`]),
    "[initrd] Archive contents:",
    ...files.map((f) => `[initrd]   ${f.name} (${f.bytes.length} bytes)`),
  ];
}

/**
 * The ELF load of a boot program, its stack and (for init) the initrd copy: kmain's 7c to 7h. Before 6bccab6
 * (`old`) kmain loaded serial_drv instead, naming its Process its own way and mapping one stack page.
 */
export function programLoaded(p: {
  pid: number;
  name: string;
  pml4Phys: number;
  kernelPml4: number;
  entry: number;
  origin: number;
  imageBytes: number;
  /** The initrd file kmain found, and its size. */
  found: { name: string; bytes: number } | undefined;
  initrdPages: number | undefined;
  old: boolean;
}): string[] {
  const pages = Math.ceil(((p.origin % PAGE_SIZE) + p.imageBytes) / PAGE_SIZE);
  const lines: string[] = [];
  if (p.found) {
    lines.push(`[init] Found '${p.found.name}' in initrd (${p.found.bytes} bytes)`);
    lines.push(`[elf] Valid ELF64: entry=${hexU(p.entry, 10)} phnum=1 phoff=0x40`);
  }
  lines.push(...processCreated(p.pid, p.name, p.pml4Phys, p.kernelPml4));
  const pml4 = hexU(p.pml4Phys, 10);
  if (p.old) lines.push(`[init] Created Process '${p.name}' (PID=${p.pid}, PML4=${pml4})`);
  else if (p.pid === 1) lines.push(`[init] Created Init Process (PID=1, PML4=${pml4})`);
  const size = hexU(p.imageBytes);
  const [bottom, top] = p.old ? [OLD_STACK, OLD_STACK + PAGE_SIZE] : [LAYOUT.stackBottom, LAYOUT.stackTop];
  lines.push(
    `[elf] PT_LOAD: vaddr=${hexU(p.origin, 10)} filesz=${size} memsz=${size} pages=${pages} flags=RWX`,
    `[elf] Loaded into PID ${p.pid} PML4: entry=${hexU(p.entry, 10)} pages=${pages} copied=${p.imageBytes} bss=0`,
    `[init] User stack mapped in PID ${p.pid} PML4: ${hexU(bottom, 10)} — ${hexU(top, 10)}${p.old ? "" : " (64 pages)"}`,
  );
  if (p.initrdPages !== undefined) {
    const end = LAYOUT.initrdBase + p.initrdPages * PAGE_SIZE;
    lines.push(
      `[init] Initrd copied+mapped into Init PML4: ${hexU(LAYOUT.initrdBase, 10)} — ${hexU(end, 10)} (${p.initrdPages} pages, read-only)`,
    );
  }
  return lines;
}

/**
 * kmain 7i's CNode lines (main.rs lines 791-837). Upstream prints them only for init, with fixed text for
 * the capabilities it installs: the virtio slot as it mints it (or that there is none), then the listing.
 * A slot line goes to the console only when the scenario's init holds what upstream installs there;
 * everything else a scenario gives a boot process is the simulator's to say, in `notes` for the trace.
 */
export function cnodeLines(
  pid: number,
  caps: readonly { slot: number; cap: Capability }[],
  virtio: boolean,
  old: boolean,
): { lines: string[]; notes: string[] } {
  const sorted = [...caps].sort((a, b) => a.slot - b.slot);
  // What kmain installs, as its lines print it: init's, or (before 6bccab6) serial_drv's.
  const upstream: string[] =
    pid !== 1
      ? []
      : old
        ? ["IoPort(0x3F8, 8) [ALL]", "Endpoint(id=2) [READ]", "Interrupt(irq=4) [READ]"]
        : ["", "PmmAllocator [ALL]", "IoPort(0x3F8, 8) [ALL]", "Process(pid=1) [ALL]"];
  if (virtio && !old && pid === 1) upstream[4] = "IoPort(0xC000, 128) [ALL]";
  const text = ({ object: o, rights }: Capability) => {
    const { kind, ...fields } = o;
    const named = Object.entries(fields).map(([k, v]) => `${k}=${k === "phys" ? physAddr(Number(v)) : v}`);
    const body =
      o.kind === "IoPort"
        ? `IoPort(${hexU(o.base)}, ${o.size})`
        : named.length
          ? `${kind}(${named.join(", ")})`
          : kind;
    return `${body} [${formatRights(rights)}]`;
  };
  const line = (slot: number, c: Capability) => `[init]   Slot ${slot}: ${text(c)}`;
  const matches = ({ slot, cap }: { slot: number; cap: Capability }) => text(cap) === upstream[slot];
  const shown = sorted.filter(matches);
  const suffix = (slot: number) => (old ? "" : slot === 3 ? " (self)" : slot === 4 ? " (Virtio-Blk)" : "");
  const slot4 = shown.find((c) => c.slot === 4);
  const lines =
    pid !== 1
      ? []
      : old
        ? ["[init] Serial driver CNode (Process PID=1):", ...shown.map((c) => line(c.slot, c.cap))]
        : [
            ...(slot4
              ? [line(4, slot4.cap) + suffix(4)]
              : !virtio && !sorted.some((c) => c.slot === 4)
                ? ["[init]   Slot 4: (empty) — no Virtio-Blk device found"]
                : []),
            "[init] Init CNode (PID=1):",
            ...shown.map((c) => line(c.slot, c.cap) + suffix(c.slot)),
          ];
  const notes = sorted
    .filter((c) => !matches(c))
    .map(
      (c) =>
        `Boot gives PID ${pid} slot ${c.slot}: ${text(c.cap)} (a scenario's capability; upstream's kmain prints no line for it)`,
    );
  return { lines, notes };
}

/** spawn_user and scheduler::spawn_thread, for a boot user thread. */
export function userThreadQueued(tid: number, name: string, rip: number, rsp: number): string[] {
  return [
    `[syscall] Created user thread ${tid} '${name}' → Ring 3 @ RIP=${hexU(rip, 18)} RSP=${hexU(rsp, 18)}`,
    `[sched] Spawned thread ${tid} '${name}' (pre-built)`,
  ];
}

/**
 * smp::init as the BSP sees it, with each AP's own lines after its wake-up (one plausible interleaving):
 * ap_rust_entry runs gdt::init (its IST stack), idt::init, then boxes its CpuLocal (at `local`).
 */
export function smpPhase(aps: readonly { ist: IstStack; local: number }[]): string[] {
  const cores = aps.length + 1;
  const lines = [`[smp] BSP LAPIC ID: 0, ${cores} CPUs detected`];
  for (const [i, a] of aps.entries()) {
    const ap = i + 1;
    lines.push(
      `[smp] Waking AP: LAPIC ID ${ap} (ACPI ID ${ap})`,
      ...gdtLines(a.ist),
      IDT_LINE,
      percpuLine(ap, a.local),
      ...lapicLines(ap),
      MSR_LINE,
      `[smp] AP core ${ap} (LAPIC ${ap}) online`,
    );
  }
  // smp.rs only waits when there is an AP to wait for.
  if (cores > 1)
    lines.push(`[smp] Waiting for ${cores - 1} APs to come online...`, `[smp] All ${cores - 1} APs online`);
  return lines;
}

/** kmain's last banner, at 3833797 or (`old`) before 6bccab6. */
export const liveBanner = (old: boolean): string[] => [
  "",
  RULE,
  ...(old
    ? [
        "  Sprint 9 — Process Isolation + CR3 Swap LIVE!",
        "  serial_drv runs in isolated Process (PID 1, own PML4)",
        "  ELF loaded from initrd.tar into per-process page tables",
        "  CR3 swapped on context switch for address space isolation",
        "  Ring 3 execution with capability-gated IPC + port I/O",
      ]
    : [
        "  Sprint 9 Phase 3 — The God Process (Init) LIVE!",
        "  Init (PID 1) runs in isolated Process with own PML4",
        "  Capabilities: PmmAllocator + IoPort + Process(self)",
        "  Initrd TarFS mapped at 0x1000_0000 for Ring 3 parsing",
      ]),
  "  BSP entering idle loop.",
  RULE,
];

/** Where kmain mapped a boot process's one stack page before 6bccab6 (RSP starts at its top, 0x801000). */
export const OLD_STACK = 0x80_0000;
