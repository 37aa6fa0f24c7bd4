/** The built-in scenarios, one per mechanism a reader can watch. */
import type { ScenarioInput } from "./schema";

const COM1 = { slot: 2, cap: { kind: "IoPort" as const, base: 0x3f8, size: 8 }, rights: "ALL" as const };
const PMM = { slot: 1, cap: { kind: "PmmAllocator" as const }, rights: "ALL" as const };
const self = (pid: number) => ({ slot: 3, cap: { kind: "Process" as const, pid }, rights: "ALL" as const });
const INIT_CAPS = [
  PMM,
  COM1,
  self(1),
  { slot: 4, cap: { kind: "IoPort" as const, base: 0xc000, size: 128 }, rights: "ALL" as const },
];
const quiet = { cores: 4, quantumCycles: 10_000, memoryMiB: 512, virtio: true, bootLog: false };

const boot = (profile: "as-built" | "design"): ScenarioInput => ({
  version: 1,
  id: profile === "as-built" ? "boot-as-built" : "boot",
  title: profile === "as-built" ? "Boot, as built" : "Boot, as designed",
  description:
    profile === "as-built"
      ? "The kernel at 3833797 boots, loads init from the initrd and init runs its stages: the banner, the initrd listing, the 1000-page heap, the Wasm stage and the virtio probe."
      : "The design boot: init as built, plus the serial driver started with its Endpoint and Interrupt capabilities, on four scheduling cores.",
  profile,
  programs: { init: { builtin: "init" }, "serial-drv": { builtin: "serial-drv" } },
  processes: [
    { name: "init", program: "init", caps: INIT_CAPS, initrd: true },
    ...[
      {
        name: "serial_drv",
        onlyIn: "design" as const,
        program: "serial-drv",
        caps: [
          { slot: 0, cap: { kind: "IoPort" as const, base: 0x3f8, size: 8 }, rights: "ALL" as const },
          { slot: 1, cap: { kind: "Endpoint" as const, id: 2 }, rights: ["READ" as const] },
          { slot: 2, cap: { kind: "Interrupt" as const, irq: 4 }, rights: ["READ" as const] },
        ],
      },
    ],
  ],
  initrd: ["hello_wasm.wasm", "init", "serial-drv"],
  goals: [
    // In the design serial_drv prints at the same time on another core, so the two banners interleave.
    profile === "as-built"
      ? { description: "init prints its banner", check: { console: "The God Process (PID 1) -- Ring 3" } }
      : {
          description: "serial_drv waits on its endpoint",
          check: { thread: "serial_drv", state: "BlockedRecv" },
        },
    { description: "the Wasm stage says hello", check: { console: "Hello from the Wasm Sandbox!" } },
    {
      description: "the virtio probe reads the disk size",
      check: { console: "Disk Capacity: 2048 sectors" },
    },
  ],
});

export const BUILTIN_SCENARIOS: Readonly<Record<string, ScenarioInput>> = {
  "boot-as-built": boot("as-built"),
  boot: boot("design"),
  hello: {
    version: 1,
    id: "hello",
    title: "Hello on COM1",
    description:
      "One process prints a line through its COM1 IoPort capability, polling the line status register for every byte.",
    profile: "design",
    machine: quiet,
    programs: { hello: { builtin: "hello" } },
    processes: [{ name: "hello", program: "hello", caps: [COM1] }],
    goals: [
      { description: "the line appears on the console", check: { console: "Hello from ring 3!" } },
      { description: "the process exits", check: { process: "hello", state: "exited" } },
    ],
  },
  "ipc-ping-pong": {
    version: 1,
    id: "ipc-ping-pong",
    title: "IPC ping-pong",
    description:
      "Two processes share endpoint 1: ping sends three messages, pong receives them. Watch who blocks and the fast path that never blocks the sender.",
    profile: "design",
    machine: quiet,
    programs: { ping: { builtin: "ipc-ping" }, pong: { builtin: "ipc-pong" } },
    processes: [
      {
        name: "pong",
        program: "pong",
        caps: [COM1, { slot: 5, cap: { kind: "Endpoint", id: 1 }, rights: ["READ"] }],
      },
      {
        name: "ping",
        program: "ping",
        caps: [COM1, { slot: 5, cap: { kind: "Endpoint", id: 1 }, rights: ["WRITE"] }],
      },
    ],
    goals: [
      { description: "pong receives the third message", check: { console: "[pong] got 3" } },
      { description: "ping finishes", check: { console: "[ping] sent 3 messages" } },
    ],
  },
  "delegation-reduced-rights": {
    version: 1,
    id: "delegation-reduced-rights",
    title: "Delegation with reduced rights",
    description:
      "A parent spawns a child and delegates its COM1 capability with a mask that keeps only READ. In the design the copy loses WRITE; as built it keeps ALL.",
    profile: "design",
    machine: quiet,
    programs: { parent: { builtin: "delegate-reduced" } },
    processes: [{ name: "parent", program: "parent", caps: [COM1] }],
    goals: [{ description: "the delegation succeeds", check: { syscall: "DELEGATE", result: "ok" } }],
  },
  "serial-echo": {
    version: 1,
    id: "serial-echo",
    title: "IRQ-driven serial echo",
    description:
      "A driver enables the UART's receive interrupt and waits on IRQ 4; typed bytes arrive as interrupts and are echoed back.",
    profile: "design",
    machine: quiet,
    programs: { echo: { builtin: "serial-echo" } },
    processes: [
      {
        name: "echo",
        program: "echo",
        caps: [
          { slot: 0, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 2, cap: { kind: "Interrupt", irq: 4 }, rights: ["READ"] },
        ],
      },
    ],
    events: [
      { at: 50_000, serialInput: "hi" },
      { at: 120_000, serialInput: "!" },
    ],
    goals: [
      { description: "the typed text comes back", check: { console: "hi" } },
      { description: "IRQ 4 wakes the driver", check: { console: "IRQ 4 woke thread" } },
    ],
  },
  "alloc-map": {
    version: 1,
    id: "alloc-map",
    title: "Allocate and map a page",
    description:
      "ALLOC_MEMORY hands out a zeroed frame as a MemoryFrame capability; MAP_MEMORY puts it in the address space.",
    profile: "design",
    machine: quiet,
    programs: { app: { builtin: "alloc-map" } },
    processes: [{ name: "app", program: "app", caps: [PMM, COM1, self(1)] }],
    goals: [{ description: "the value written is read back", check: { console: "42 read back" } }],
  },
  "spawn-exit-reap": {
    version: 1,
    id: "spawn-exit-reap",
    title: "Spawn, exit and reap",
    description:
      "A parent builds a child process by hand: a code page it fills through its own mapping, a stack page, the COM1 capability, a thread. The child prints and exits, and the reaper takes its frames back, including the code frame the parent still maps: the kernel does not count mappings.",
    profile: "design",
    machine: quiet,
    programs: { parent: { builtin: "spawn-exit" } },
    processes: [{ name: "parent", program: "parent", caps: [PMM, COM1, self(1)] }],
    goals: [
      { description: "the child prints", check: { console: "[child] hello" } },
      { description: "the child is reaped", check: { process: "user-proc", state: "reaped" } },
    ],
  },
  "spawn-from-initrd": {
    version: 1,
    id: "spawn-from-initrd",
    title: "Load a program from the initrd",
    description:
      "A loader in userspace finds the hello ELF in the initrd, copies its segment into fresh frames mapped into a new process, gives it COM1 and starts its thread. In the design hello prints; as built SPAWN_THREAD returns a TID but the thread is never scheduled.",
    profile: "design",
    machine: quiet,
    programs: { loader: { builtin: "spawn-initrd" }, hello: { builtin: "hello" } },
    initrd: ["hello"],
    processes: [{ name: "loader", program: "loader", caps: [PMM, COM1, self(1)], initrd: true }],
    goals: [
      { description: "the loader starts hello's thread", check: { console: "[loader] hello loaded" } },
      { description: "hello prints from its own process", check: { console: "Hello from ring 3!" } },
    ],
  },
  "four-cores-load": {
    version: 1,
    id: "four-cores-load",
    title: "Four cores under load",
    description:
      "Four busy processes. In the design each core runs one; as built, core 0 runs them all in turn while the other cores halt.",
    profile: "design",
    machine: { ...quiet, quantumCycles: 2_000 },
    programs: { load: { builtin: "load" } },
    processes: ["a", "b", "c", "d"].map((n) => ({ name: `load-${n}`, program: "load", caps: [] })),
  },
  "serial-driver-6bccab6": {
    version: 1,
    id: "serial-driver-6bccab6",
    title: "The serial driver with its own capabilities (before 6bccab6)",
    description:
      "Before commit 6bccab6 (2026-03-04) kmain started serial_drv itself as PID 1, named serial-drv, with one stack page at 0x800000, COM1 (slot 0), endpoint 2 to read commands from (slot 1) and IRQ 4 (slot 2), registered endpoint 2, and spawned a kernel thread, kern-init, that sends it a test line one byte per message. Its phase 7 and last banner print as that commit printed them. The rest is today's kernel (3833797): the boot phases before 7 (including the PCI scan, which came later), init in the initrd, the scheduler with its reaper and test-exiter threads, and the IPC paths.",
    profile: "as-built",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 512, virtio: true, bootLog: true },
    programs: { "serial-drv": { builtin: "serial-drv" }, init: { builtin: "init" } },
    processes: [
      {
        name: "serial-drv",
        program: "serial-drv",
        caps: [
          { slot: 0, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 1, cap: { kind: "Endpoint", id: 2 }, rights: ["READ"] },
          { slot: 2, cap: { kind: "Interrupt", irq: 4 }, rights: ["READ"] },
        ],
      },
    ],
    initrd: ["init", "serial-drv"],
    kernInit: { endpoint: 2 },
    goals: [
      {
        description: "serial_drv says hello on COM1",
        check: { console: "[serial_drv] Hello from Ring 3 Serial Driver!" },
      },
      {
        description: "kern-init's line arrives through IPC, one byte per message",
        check: { output: "[kern-init] IPC->Ring3->COM1 OK!" },
      },
      {
        description: "kern-init finishes",
        check: { console: "[kern-init] SUCCESS: All characters sent to serial driver!" },
      },
    ],
  },
  runaway: {
    version: 1,
    id: "runaway",
    title: "A runaway program",
    description:
      "An endless loop: the timer preempts it every quantum, so the other process still runs and the page never freezes.",
    profile: "design",
    machine: { ...quiet, cores: 1 },
    programs: { runaway: { builtin: "runaway" }, hello: { builtin: "hello" } },
    processes: [
      { name: "runaway", program: "runaway", caps: [] },
      { name: "hello", program: "hello", caps: [COM1] },
    ],
    goals: [{ description: "hello still gets to print", check: { console: "Hello from ring 3!" } }],
  },
  fault: {
    version: 1,
    id: "fault",
    title: "A faulting program",
    description:
      "A program writes to an unmapped address. As built the whole machine halts; in the design only that process dies and the reaper reclaims it.",
    profile: "design",
    machine: quiet,
    programs: { fault: { builtin: "fault" } },
    processes: [{ name: "fault", program: "fault", caps: [COM1] }],
    goals: [{ description: "the faulting process is reaped", check: { process: "fault", state: "reaped" } }],
  },
  "print-and-errors": {
    version: 1,
    id: "print-and-errors",
    title: "Print through a capability, then fail three ways",
    description:
      "The worked example: a program with init's capabilities prints a line through its COM1 IoPort, writes one byte by hand, then names an empty slot, a port outside the range and a capability of the wrong type, and prints each error value the kernel returns.",
    profile: "as-built",
    machine: quiet,
    programs: { example: { builtin: "print-and-errors" } },
    processes: [{ name: "example", program: "example", caps: INIT_CAPS }],
    goals: [
      {
        description: "the line appears",
        check: { console: "[example] hello through the capability in slot 2" },
      },
      {
        description: "an empty slot returns u64::MAX",
        check: { console: "[example] slot 9 is empty: 0xFFFFFFFFFFFFFFFF" },
      },
      {
        description: "a port outside the range returns u64::MAX - 4",
        check: { console: "is outside the capability: 0xFFFFFFFFFFFFFFFB" },
      },
      {
        description: "the wrong capability type returns u64::MAX - 2",
        check: { console: "[example] slot 1 is not an IoPort: 0xFFFFFFFFFFFFFFFD" },
      },
    ],
  },
  "virtio-probe": {
    version: 1,
    id: "virtio-probe",
    title: "Probe the virtio disk from ring 3",
    description:
      "A program reads the legacy virtio-blk registers through the IoPort capability for 0xC000 the kernel minted after its PCI scan: device features (32 bits), status (8 bits) and the capacity of make run's 1 MiB disk in sectors.",
    profile: "as-built",
    machine: quiet,
    programs: { probe: { builtin: "virtio-probe" } },
    processes: [{ name: "probe", program: "probe", caps: INIT_CAPS }],
    goals: [{ description: "the capacity is read", check: { console: "[virtio] capacity: 2048 sectors" } }],
  },
};
