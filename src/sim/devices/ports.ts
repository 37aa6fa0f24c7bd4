/**
 * The I/O ports a simulated machine answers: COM1 (16550 UART at 0x3F8) and the legacy virtio-blk
 * registers at 0xC000 answering as QEMU does for the 1 MiB disk of `make run`.
 */
import type { KernelState } from "../kernel/state";

export const COM1_BASE = 0x3f8;
export const VIRTIO_BASE = 0xc000;
export const VIRTIO_SIZE = 128;
/** Device features as upstream's roadmap reports them under QEMU (docs value, not from kernel code). */
export const VIRTIO_FEATURES = 0x79007e54;
export const VIRTIO_CAPACITY_SECTORS = 2048;
/** Line status when idle: transmit holding register and transmitter empty (what QEMU reports). */
export const LSR_IDLE = 0x60;

export function portIn(state: KernelState, port: number, width: 1 | 4): number {
  if (port === COM1_BASE) return state.com1.rx.shift() ?? 0;
  if (port === COM1_BASE + 1) return state.com1.ier;
  if (port === COM1_BASE + 5) return LSR_IDLE | (state.com1.rx.length > 0 ? 1 : 0);
  if (state.hasVirtio && port >= VIRTIO_BASE && port < VIRTIO_BASE + VIRTIO_SIZE) {
    const reg = port - VIRTIO_BASE;
    if (reg === 0x00) return width === 4 ? VIRTIO_FEATURES : VIRTIO_FEATURES & 0xff;
    if (reg === 0x12) return state.virtioStatus;
    if (reg === 0x14) return width === 4 ? VIRTIO_CAPACITY_SECTORS : VIRTIO_CAPACITY_SECTORS & 0xff;
    return 0;
  }
  return width === 4 ? 0xffff_ffff : 0xff;
}

/** Returns the text a write sent to the console, if any. */
export function portOut(state: KernelState, port: number, value: number): string | undefined {
  if (port === COM1_BASE) return String.fromCharCode(value & 0xff);
  if (port === COM1_BASE + 1) state.com1.ier = value & 0x0f;
  else if (state.hasVirtio && port === VIRTIO_BASE + 0x12) state.virtioStatus = value & 0xff;
  return undefined;
}
