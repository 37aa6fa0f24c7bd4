/** The targets and variables of upstream's Makefile at 3833797, in the order a reader uses them. */
export interface MakeTarget {
  readonly name: string;
  readonly does: string;
  /** Targets it runs first. */
  readonly after: readonly string[];
  /** Files it leaves in target/. */
  readonly produces: string;
  /** Listed by `make help`; the others are steps of the listed ones. */
  readonly inHelp: boolean;
}

export const MAKE_TARGETS: readonly MakeTarget[] = [
  {
    name: "all",
    does: "The default (plain make): build the debug kernel, and before it init, serial_drv, hello_wasm.wasm and the initrd.",
    after: ["kernel-debug"],
    produces: "x86_64-unknown-none/debug/minimalos-kernel, initrd-debug.tar",
    inHelp: true,
  },
  {
    name: "release",
    does: "The same with cargo's release profile: LTO, one codegen unit, panic = abort, debug info kept.",
    after: ["kernel-release"],
    produces: "x86_64-unknown-none/release/minimalos-kernel, initrd-release.tar",
    inHelp: true,
  },
  {
    name: "iso",
    does: "Build, then assemble a hybrid BIOS and UEFI ISO with Limine and install Limine's BIOS boot code into it.",
    after: ["kernel-debug", "limine"],
    produces: "minimalos-debug.iso",
    inHelp: true,
  },
  {
    name: "iso-release",
    does: "The same from the release build.",
    after: ["kernel-release", "limine"],
    produces: "minimalos-release.iso",
    inHelp: true,
  },
  {
    name: "run",
    does: "Build the ISO, create a 1 MiB virtio disk image if missing, and boot in QEMU: 4 cores, 512 MiB, COM1 on the terminal, OVMF if one of four known paths exists.",
    after: ["iso"],
    produces: "virtio-test.img",
    inHelp: true,
  },
  {
    name: "run-release",
    does: "Boot the release ISO the same way, but without the virtio disk.",
    after: ["iso-release"],
    produces: "",
    inHelp: true,
  },
  {
    name: "run-headless",
    does: "Boot the debug ISO with no window, COM1 to a file, stop QEMU after TIMEOUT seconds and print the log.",
    after: ["iso"],
    produces: "serial.log",
    inHelp: true,
  },
  {
    name: "limine",
    does: "Clone Limine's v8.6.0-binary release tag and build its command-line tool (needs git and a C compiler).",
    after: [],
    produces: "limine-src/",
    inHelp: true,
  },
  {
    name: "clean",
    does: "cargo clean, and remove the ISOs, initrds, the ISO staging folder and the logs.",
    after: [],
    produces: "",
    inHelp: true,
  },
  {
    name: "distclean",
    does: "clean, and remove Limine.",
    after: ["clean"],
    produces: "",
    inHelp: true,
  },
  { name: "help", does: "List the targets and variables.", after: [], produces: "", inHelp: true },
  {
    name: "kernel-debug",
    does: "cargo build of the kernel with the kernel's RUSTFLAGS (no SSE or AVX, kernel code model, static relocation).",
    after: ["initrd-debug"],
    produces: "x86_64-unknown-none/debug/minimalos-kernel",
    inHelp: false,
  },
  {
    name: "kernel-release",
    does: "The same, release.",
    after: ["initrd-release"],
    produces: "x86_64-unknown-none/release/minimalos-kernel",
    inHelp: false,
  },
  {
    name: "initrd-debug",
    does: "Copy init, serial_drv and hello_wasm.wasm to a staging folder and pack them as a USTAR archive.",
    after: ["init-debug", "serial-drv-debug", "wasm-hello"],
    produces: "initrd-debug.tar",
    inHelp: false,
  },
  {
    name: "initrd-release",
    does: "The same from the release programs.",
    after: ["init-release", "serial-drv-release", "wasm-hello"],
    produces: "initrd-release.tar",
    inHelp: false,
  },
  {
    name: "init-debug",
    does: "cargo build -p init with the user RUSTFLAGS (no SSE or AVX, static relocation).",
    after: [],
    produces: "x86_64-unknown-none/debug/init",
    inHelp: false,
  },
  {
    name: "init-release",
    does: "The same, release.",
    after: [],
    produces: "x86_64-unknown-none/release/init",
    inHelp: false,
  },
  {
    name: "serial-drv-debug",
    does: "cargo build -p serial_drv with the user RUSTFLAGS.",
    after: [],
    produces: "x86_64-unknown-none/debug/serial_drv",
    inHelp: false,
  },
  {
    name: "serial-drv-release",
    does: "The same, release.",
    after: [],
    produces: "x86_64-unknown-none/release/serial_drv",
    inHelp: false,
  },
  {
    name: "wasm-hello",
    does: "Build apps/hello_wasm for wasm32-unknown-unknown, always in release (it is outside the cargo workspace).",
    after: [],
    produces: "wasm32-unknown-unknown/release/hello_wasm.wasm",
    inHelp: false,
  },
];

export interface MakeVariable {
  readonly name: string;
  readonly defaultValue: string;
  readonly does: string;
}

export const MAKE_VARIABLES: readonly MakeVariable[] = [
  { name: "QEMU_MEMORY", defaultValue: "512M", does: "Memory for run, run-release and run-headless." },
  { name: "QEMU_CPUS", defaultValue: "4", does: "Cores for run, run-release and run-headless." },
  { name: "TIMEOUT", defaultValue: "10", does: "Seconds run-headless lets QEMU run." },
  {
    name: "QEMU",
    defaultValue: "qemu-system-x86_64",
    does: 'The QEMU command. Overriding it adds flags in front of everything run passes, as in make run QEMU="qemu-system-x86_64 -s -S".',
  },
  {
    name: "QEMU_FLAGS",
    defaultValue: "-serial stdio -no-reboot -no-shutdown, plus -bios <OVMF> when found",
    does: "Used by run and run-release. Setting it on the command line replaces all of it, the OVMF firmware included.",
  },
];
