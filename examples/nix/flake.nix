{
  description = "MinimalOS NextGen: a development shell (Rust nightly-2026-03-06, QEMU with UEFI firmware, xorriso, make)";

  inputs = {
    # Pinned by revision; the first `nix develop` records them, with their hashes, in flake.lock.
    nixpkgs.url = "github:NixOS/nixpkgs/a0facb42e5d5160819447168e8aa9fe51cc0b2b9";
    rust-overlay = {
      url = "github:oxalica/rust-overlay/fd2ebb9cc4323d0c5a1336138dab5c3c5a5d8bd9";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, rust-overlay }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f (import nixpkgs {
        inherit system;
        overlays = [ rust-overlay.overlays.default ];
      }));
    in
    {
      devShells = forAllSystems (pkgs:
        let
          # rust-toolchain.toml asks for the undated nightly channel; this is the nightly of the day
          # upstream commit 3833797 was made (6 March 2026), with the components and targets it lists.
          rust = pkgs.rust-bin.nightly."2026-03-06".default.override {
            extensions = [ "rust-src" "llvm-tools" ];
            targets = [ "x86_64-unknown-none" "wasm32-unknown-unknown" ];
          };
          # QEMU ships x86_64 UEFI firmware on every host system, Linux and macOS alike (pkgs.OVMF
          # builds only on Linux): a code image and a variable-store template, for two pflash drives.
          firmware = "${pkgs.qemu}/share/qemu";
        in
        {
          default = pkgs.mkShell {
            # mkShell brings a C compiler (gcc on Linux, clang on macOS) for the Limine CLI.
            packages = [ rust pkgs.qemu pkgs.xorriso pkgs.gnumake pkgs.git ];
            OVMF_CODE = "${firmware}/edk2-x86_64-code.fd";
            OVMF_VARS = "${firmware}/edk2-i386-vars.fd";
          };
        });
    };
}
