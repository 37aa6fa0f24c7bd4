{
  description = "MinimalOS NextGen: a reproducible development shell (Rust nightly, QEMU, OVMF, xorriso)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
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
          # The kernel's rust-toolchain.toml asks for nightly with these components and targets.
          rust = pkgs.rust-bin.selectLatestNightlyWith (toolchain: toolchain.default.override {
            extensions = [ "rust-src" "llvm-tools" ];
            targets = [ "x86_64-unknown-none" "wasm32-unknown-unknown" ];
          });
        in
        {
          default = pkgs.mkShell {
            packages = [
              rust
              pkgs.qemu
              pkgs.OVMF
              pkgs.xorriso
              pkgs.gnumake
              pkgs.gcc
              pkgs.git
            ];
            # The Makefile looks for OVMF in distribution paths; point QEMU at Nix's copy instead:
            #   make run OVMF=$OVMF_FD
            OVMF_FD = "${pkgs.OVMF.fd}/FV/OVMF.fd";
          };
        });
    };
}
