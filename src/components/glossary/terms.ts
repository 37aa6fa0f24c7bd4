/**
 * The glossary: every term the architecture and reference pages lean on, with its definition and the page
 * that explains it. The glossary page renders this list, and the rehype plugin links each term's first use
 * on every architecture and reference page to its entry here.
 */
import type { CapKind } from "../../sim/abi/cap-types";
import type { RightName } from "../../sim/abi/rights";

interface TermBase {
  /** The anchor on the glossary page: `#<id>`. */
  readonly id: string;
  /** How the glossary page heads the entry. */
  readonly term: string;
  /**
   * What counts as a use in running text: regular-expression sources, matched on word boundaries. Empty
   * when the term is never linked automatically (a word too common to link, such as "Empty").
   */
  readonly match: readonly string[];
  /** Acronyms and type names match case-sensitively; plain words match in any case. */
  readonly caseSensitive: boolean;
  readonly definition: string;
  /** The page that explains the term, as a path from the site root. */
  readonly see?: { readonly path: string; readonly label: string };
}

export type GlossaryTerm =
  | (TermBase & { readonly kind: "concept" })
  | (TermBase & { readonly kind: "capability"; readonly capKind: CapKind })
  | (TermBase & { readonly kind: "right"; readonly right: RightName });

const arch = (page: string, label: string) => ({ path: `architecture/${page}`, label });
const ref = (page: string, label: string) => ({ path: `reference/${page}`, label });

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    kind: "concept",
    id: "ap",
    term: "AP (application processor)",
    match: ["APs?"],
    caseSensitive: true,
    definition:
      "Any core other than the one that booted. Limine starts the APs; as built each loads its tables and then halts in sti; hlt forever, because only the BSP schedules.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "bar",
    term: "BAR (base address register)",
    match: ["BARs?"],
    caseSensitive: true,
    definition:
      "One of six registers in a PCI function's configuration space that say where the device's registers live: a range of I/O ports or of physical memory (MMIO). Writing all ones and reading back gives the range's size.",
    see: arch("pci-and-virtio/", "PCI and virtio"),
  },
  {
    kind: "concept",
    id: "bsp",
    term: "BSP (bootstrap processor)",
    match: ["BSP"],
    caseSensitive: true,
    definition:
      "The core the firmware starts first (core 0). As built it is the only core that runs threads: every run queue entry, interrupt wake-up and syscall happens there.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "capability",
    term: "Capability",
    match: ["capabilit(?:y|ies)"],
    caseSensitive: false,
    definition:
      "An unforgeable token naming one kernel object and the rights its holder has on it. A process holds capabilities in its CNode and names them by slot number in every syscall; it can use nothing it holds no capability for.",
    see: arch("capabilities/", "Capabilities"),
  },
  {
    kind: "concept",
    id: "cnode",
    term: "CNode",
    match: ["CNodes?"],
    caseSensitive: true,
    definition:
      "A process's table of capabilities: 64 slots in kernel memory, shared by all the process's threads. User code only ever sees slot numbers, never the table.",
    see: arch("capabilities/", "Capabilities"),
  },
  {
    kind: "concept",
    id: "dead-queue",
    term: "Dead queue",
    match: ["dead queue", "DEAD_QUEUE"],
    caseSensitive: false,
    definition:
      "The kernel's list of threads that have finished (state Dead), waiting for the reaper. As built it is a vector under a spinlock, and the reaper takes the most recently added thread first.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "delegation",
    term: "Delegation",
    match: ["delegat(?:e|es|ed|ion|ing)"],
    caseSensitive: false,
    definition:
      "Copying a capability into an empty slot of another process's CNode with SYS_DELEGATE. As built the copy keeps every right; in the design a mask can only remove rights.",
    see: arch("capabilities/", "Capabilities"),
  },
  {
    kind: "concept",
    id: "elf",
    term: "ELF",
    match: ["ELF(?:64)?"],
    caseSensitive: true,
    definition:
      "The executable format the user programs are built in. The kernel's loader reads an ELF's PT_LOAD segments and maps each at the address it names; it loads only init.",
    see: arch("syscalls/", "The user/kernel boundary"),
  },
  {
    kind: "concept",
    id: "endpoint",
    term: "Endpoint",
    match: ["endpoints?"],
    caseSensitive: false,
    definition:
      "The kernel object IPC goes through: a queue of blocked senders and a queue of blocked receivers. Processes reach one through an Endpoint capability.",
    see: arch("ipc/", "IPC"),
  },
  {
    kind: "concept",
    id: "eoi",
    term: "EOI (end of interrupt)",
    match: ["EOI"],
    caseSensitive: true,
    definition:
      "The write to the local APIC that tells it the current interrupt has been handled, so it can deliver the next one.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "error-sentinel",
    term: "Error sentinel",
    match: ["sentinels?"],
    caseSensitive: false,
    definition:
      "How a syscall reports failure: RAX holds u64::MAX − k, which a signed reading shows as −1 − k. The meaning of each k depends on the syscall that returned it.",
    see: arch("syscalls/", "The user/kernel boundary"),
  },
  {
    kind: "concept",
    id: "fast-path",
    term: "Fast path and slow path",
    match: ["fast path", "slow path", "fastpath", "slowpath"],
    caseSensitive: false,
    definition:
      "The two ways an IPC operation goes. Fast path: the partner is already waiting, so the message moves at once and the caller does not block. Slow path: nobody waits, so the caller blocks in the endpoint's queue.",
    see: arch("ipc/", "IPC"),
  },
  {
    kind: "concept",
    id: "gdt",
    term: "GDT and TSS",
    match: ["GDT", "TSS"],
    caseSensitive: true,
    definition:
      "The segment table each core loads (kernel and user code and data, and the TSS) and the task-state segment that holds the kernel stack the CPU switches to on an interrupt from ring 3, plus the double-fault stack.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "gsi",
    term: "GSI (global system interrupt)",
    match: ["GSIs?"],
    caseSensitive: true,
    definition:
      "ACPI's number for an interrupt input across all I/O APICs. Legacy ISA IRQ n is GSI n unless the MADT lists an override; COM1's IRQ 4 is usually GSI 4.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "hhdm",
    term: "HHDM (higher-half direct map)",
    match: ["HHDM"],
    caseSensitive: true,
    definition:
      "A mapping of all physical memory at one fixed offset in the kernel half, set up by Limine and rebuilt by the kernel. The kernel reaches any frame at physical address p through virtual address offset + p.",
    see: ref("memory-map/", "Memory map"),
  },
  {
    kind: "concept",
    id: "host-function",
    term: "Host function",
    match: ["host functions?"],
    caseSensitive: false,
    definition:
      "A function a WebAssembly module imports and its host provides. init gives the guest exactly one, env.host_print, and it is the guest's only way out of its sandbox.",
    see: arch("wasm-sandbox/", "The Wasm sandbox"),
  },
  {
    kind: "concept",
    id: "idt",
    term: "IDT (interrupt descriptor table)",
    match: ["IDT"],
    caseSensitive: true,
    definition:
      "The table of 256 entries that tells the CPU which handler runs for each interrupt and exception vector.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "initrd",
    term: "initrd",
    match: ["initrd"],
    caseSensitive: false,
    definition:
      "The USTAR archive Limine loads beside the kernel as module 0. It holds init, serial_drv and hello_wasm.wasm; the kernel loads init from it and gives init a read-only copy at 0x1000_0000.",
    see: arch("boot/", "Boot"),
  },
  {
    kind: "concept",
    id: "io-apic",
    term: "I/O APIC",
    match: ["I/O APICs?", "IOAPIC"],
    caseSensitive: true,
    definition:
      "The interrupt controller that takes device interrupt lines and sends each, as a vector, to a core's local APIC. Each input has a redirection entry saying which vector, which core and whether it is masked.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "ipc",
    term: "IPC (inter-process communication)",
    match: ["IPC"],
    caseSensitive: true,
    definition:
      "Passing messages between threads through an endpoint. As built a message is a label and two data words, delivered by rendezvous.",
    see: arch("ipc/", "IPC"),
  },
  {
    kind: "concept",
    id: "irq",
    term: "IRQ",
    match: ["IRQs?"],
    caseSensitive: true,
    definition:
      "A hardware interrupt line. The kernel maps the 16 legacy lines to vectors 32 to 47; a thread holding an Interrupt capability waits for one with SYS_WAIT_IRQ.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "ist",
    term: "IST (interrupt stack table)",
    match: ["IST1?"],
    caseSensitive: true,
    definition:
      "Spare stacks listed in the TSS that the CPU switches to for chosen vectors whatever the current stack is. The double fault uses IST1, so it still runs when the kernel stack has overflowed.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "lapic",
    term: "LAPIC (local APIC)",
    match: ["LAPIC", "local APIC"],
    caseSensitive: false,
    definition:
      "Each core's own interrupt controller. It receives interrupts for its core, takes the end-of-interrupt write, and has the timer the scheduler uses for its 10 ms quantum.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "limine",
    term: "Limine",
    match: ["Limine"],
    caseSensitive: true,
    definition:
      "The bootloader (version 8.6.0 here). It enters long mode, loads the kernel into the higher half and the initrd as a module, and answers the kernel's requests for the memory map, the HHDM, the framebuffer, the ACPI tables and the other cores.",
    see: arch("boot/", "Boot"),
  },
  {
    kind: "concept",
    id: "madt",
    term: "MADT",
    match: ["MADT"],
    caseSensitive: true,
    definition:
      "The ACPI table that lists the local APICs (one per core), the I/O APICs and the interrupt source overrides that map ISA IRQs to GSIs.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "concept",
    id: "msr",
    term: "MSR (model-specific register)",
    match: ["MSRs?"],
    caseSensitive: true,
    definition:
      "A CPU register read with rdmsr and written with wrmsr. The syscall path lives in four of them: EFER (enable), STAR (segments), LSTAR (entry point) and FMASK (flags to clear).",
    see: arch("syscalls/", "The user/kernel boundary"),
  },
  {
    kind: "concept",
    id: "pci",
    term: "PCI",
    match: ["PCI"],
    caseSensitive: true,
    definition:
      "The bus devices sit on. Each function has a 256-byte configuration space (IDs, class, BARs) that the kernel reads through ports 0xCF8 and 0xCFC.",
    see: arch("pci-and-virtio/", "PCI and virtio"),
  },
  {
    kind: "concept",
    id: "pml4",
    term: "PML4",
    match: ["PML4s?"],
    caseSensitive: true,
    definition:
      "The top table of x86-64's four-level page tables; CR3 points at it. Each process has its own, with the kernel half (entries 256 to 511) copied from the kernel's.",
    see: arch("memory/", "Memory"),
  },
  {
    kind: "concept",
    id: "pmm",
    term: "PMM (physical memory manager)",
    match: ["PMM"],
    caseSensitive: true,
    definition:
      "The kernel's frame allocator: a bitmap with one bit per 4 KiB frame, set when the frame is in use.",
    see: arch("memory/", "Memory"),
  },
  {
    kind: "concept",
    id: "quantum",
    term: "Quantum",
    match: ["quantum", "quanta"],
    caseSensitive: false,
    definition:
      "How long a thread runs before the scheduler may switch: 10 ms, armed as a one-shot local APIC timer on every switch.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "reaper",
    term: "Reaper",
    match: ["reaper"],
    caseSensitive: false,
    definition:
      "A kernel thread that takes dead threads off the dead queue, frees their kernel stacks and, for a user thread, destroys its process: every mapped frame, every page table and the CNode.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "rendezvous",
    term: "Rendezvous",
    match: ["rendezvous"],
    caseSensitive: false,
    definition:
      "IPC without a buffer in the kernel: a message moves only when a sender and a receiver meet at the endpoint, and whichever arrives first waits for the other.",
    see: arch("ipc/", "IPC"),
  },
  {
    kind: "concept",
    id: "rights",
    term: "Rights",
    match: ["rights"],
    caseSensitive: false,
    definition:
      "The bits in a capability that say what its holder may do: READ, WRITE, EXEC, GRANT and REVOKE. As built only READ and WRITE are ever checked.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "concept",
    id: "ring",
    term: "Ring 0 and ring 3",
    match: ["ring [03]"],
    caseSensitive: false,
    definition:
      "The CPU's privilege levels as the kernel uses them: the kernel runs in ring 0 with full control of the machine, programs in ring 3, where privileged instructions and kernel pages fault.",
    see: arch("syscalls/", "The user/kernel boundary"),
  },
  {
    kind: "concept",
    id: "run-queue",
    term: "Run queue",
    match: ["run queues?"],
    caseSensitive: false,
    definition:
      "A core's first-in, first-out list of Ready threads. The scheduler takes from the head and puts a preempted thread at the tail; as built only core 0 has one.",
    see: arch("scheduling/", "Scheduling and the reaper"),
  },
  {
    kind: "concept",
    id: "sfi",
    term: "SFI (software fault isolation)",
    match: ["software fault isolation", "SFI"],
    caseSensitive: false,
    definition:
      "Keeping untrusted code inside its bounds by checking its memory accesses in software, here by the wasmi interpreter, instead of with separate page tables.",
    see: arch("wasm-sandbox/", "The Wasm sandbox"),
  },
  {
    kind: "concept",
    id: "slot",
    term: "Slot",
    match: ["slots?"],
    caseSensitive: false,
    definition:
      "One of the 64 places in a CNode, numbered 0 to 63. A syscall names capabilities by slot; any number of 64 or more behaves like an empty slot.",
    see: ref("init-cnode/", "init's initial CNode"),
  },
  {
    kind: "concept",
    id: "syscall",
    term: "SYSCALL and SYSRET",
    match: ["SYSCALL", "SYSRET(?:Q)?"],
    caseSensitive: true,
    definition:
      "The x86-64 instructions that enter the kernel from ring 3 at the address in LSTAR and return to ring 3. SYSCALL saves the return address in RCX and the flags in R11.",
    see: arch("syscalls/", "The user/kernel boundary"),
  },
  {
    kind: "concept",
    id: "tcg",
    term: "TCG (tiny code generator)",
    match: ["TCG"],
    caseSensitive: true,
    definition:
      "QEMU's own CPU emulator, used when KVM is not. It is what make run uses, and what QEMU's -d int logging and its gdbstub work best with.",
    see: arch("debugging/", "Debugging the real kernel"),
  },
  {
    kind: "concept",
    id: "ustar",
    term: "USTAR",
    match: ["USTAR"],
    caseSensitive: true,
    definition:
      "The POSIX tar format the initrd is packed in: a 512-byte header per file (name, size in octal) followed by the file's bytes rounded up to 512.",
    see: arch("processes-and-userspace/", "Processes and init"),
  },
  {
    kind: "concept",
    id: "virtio",
    term: "virtio",
    match: ["virtio(?:-blk)?"],
    caseSensitive: false,
    definition:
      "The standard paravirtual device interface of QEMU and other hypervisors. The disk of make run is a legacy virtio-blk device (PCI 1AF4:1001) whose registers sit in an I/O port range.",
    see: arch("pci-and-virtio/", "PCI and virtio"),
  },
  {
    kind: "concept",
    id: "wx",
    term: "W^X",
    match: ["W\\^X"],
    caseSensitive: true,
    definition:
      "Write xor execute: no page both writable and executable. The kernel maps its own sections this way; MAP_MEMORY does not enforce it for user pages.",
    see: arch("memory/", "Memory"),
  },
  {
    kind: "concept",
    id: "wasmi",
    term: "wasmi",
    match: ["wasmi"],
    caseSensitive: false,
    definition:
      "A WebAssembly interpreter written in Rust that runs without the standard library. init embeds version 0.31.2 and runs hello_wasm.wasm in it.",
    see: arch("wasm-sandbox/", "The Wasm sandbox"),
  },
  {
    kind: "capability",
    capKind: "Empty",
    id: "cap-empty",
    term: "Empty (capability type)",
    match: [],
    caseSensitive: true,
    definition: "What an unused slot holds: no object and no rights. Every slot starts Empty.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "capability",
    capKind: "Endpoint",
    id: "cap-endpoint",
    term: "Endpoint capability",
    match: ["Endpoint capabilit(?:y|ies)"],
    caseSensitive: true,
    definition:
      "Names one endpoint by its index in the kernel's table of 64. WRITE lets its holder send, READ lets it receive. As built the kernel mints none.",
    see: arch("ipc/", "IPC"),
  },
  {
    kind: "capability",
    capKind: "MemoryFrame",
    id: "cap-memoryframe",
    term: "MemoryFrame",
    match: ["MemoryFrames?"],
    caseSensitive: true,
    definition:
      "Names one 4 KiB physical frame. SYS_ALLOC_MEMORY mints it; SYS_MAP_MEMORY maps the frame into a process, as often as asked.",
    see: arch("memory/", "Memory"),
  },
  {
    kind: "capability",
    capKind: "Interrupt",
    id: "cap-interrupt",
    term: "Interrupt capability",
    match: ["Interrupt capabilit(?:y|ies)"],
    caseSensitive: true,
    definition:
      "Names one legacy IRQ line, 0 to 15. Its holder waits for the line with SYS_WAIT_IRQ. As built the kernel mints none.",
    see: arch("interrupts/", "Interrupts and exceptions"),
  },
  {
    kind: "capability",
    capKind: "IoPort",
    id: "cap-ioport",
    term: "IoPort",
    match: ["IoPorts?"],
    caseSensitive: true,
    definition:
      "Names a range of I/O ports, base and size. Its holder reads and writes ports inside the range with SYS_PORT_IN and SYS_PORT_OUT; init holds two, COM1 and the virtio-blk device.",
    see: arch("worked-example/", "A worked example"),
  },
  {
    kind: "capability",
    capKind: "ThreadControl",
    id: "cap-threadcontrol",
    term: "ThreadControl",
    match: ["ThreadControl"],
    caseSensitive: true,
    definition:
      "Names one thread by its ID, meant for suspending, resuming and killing it. The type exists, but no syscall uses it and nothing mints it.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "capability",
    capKind: "Process",
    id: "cap-process",
    term: "Process capability",
    match: ["Process capabilit(?:y|ies)"],
    caseSensitive: true,
    definition:
      "Names one process by its PID. Its holder can map frames into that process, delegate capabilities to it and start threads in it; SYS_SPAWN_PROCESS returns one for the new process.",
    see: arch("capabilities/", "Capabilities"),
  },
  {
    kind: "capability",
    capKind: "PmmAllocator",
    id: "cap-pmmallocator",
    term: "PmmAllocator",
    match: ["PmmAllocator"],
    caseSensitive: true,
    definition:
      "Lets its holder take frames from the kernel's frame allocator with SYS_ALLOC_MEMORY (it needs WRITE). Only init holds one, in slot 1.",
    see: arch("memory/", "Memory"),
  },
  {
    kind: "right",
    right: "READ",
    id: "right-read",
    term: "READ (right, 0x01)",
    match: ["READ"],
    caseSensitive: true,
    definition: "Lets its holder receive from an Endpoint (SYS_RECV) or read an I/O port (SYS_PORT_IN).",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "right",
    right: "WRITE",
    id: "right-write",
    term: "WRITE (right, 0x02)",
    match: ["WRITE"],
    caseSensitive: true,
    definition:
      "Lets its holder send to an Endpoint (SYS_SEND), write an I/O port (SYS_PORT_OUT) or allocate frames through a PmmAllocator (SYS_ALLOC_MEMORY).",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "right",
    right: "EXEC",
    id: "right-exec",
    term: "EXEC (right, 0x04)",
    match: ["EXEC"],
    caseSensitive: true,
    definition: "Reserved for executing what a capability names. No syscall checks it.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "right",
    right: "GRANT",
    id: "right-grant",
    term: "GRANT (right, 0x08)",
    match: ["GRANT"],
    caseSensitive: true,
    definition:
      "Meant to gate passing a capability on. SYS_DELEGATE does not check it, so as built any capability can be delegated.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
  {
    kind: "right",
    right: "REVOKE",
    id: "right-revoke",
    term: "REVOKE (right, 0x10)",
    match: ["REVOKE"],
    caseSensitive: true,
    definition:
      "Meant to gate revoking copies of a capability. There is no revoke operation, so nothing checks it.",
    see: ref("capabilities/", "Capabilities and rights"),
  },
];

/** The anchor a term's entry has on the glossary page. */
export function glossaryAnchor(term: GlossaryTerm): string {
  return term.id;
}
