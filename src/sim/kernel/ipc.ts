/**
 * Endpoint::send as kernel/src/ipc/endpoint.rs does it, for SYS_SEND and for the kernel's own threads
 * (kern-init, before commit 6bccab6, sent to the serial driver this way): a waiting receiver gets the
 * message at once and the sender goes on (fast path); otherwise the sender blocks until a receiver takes it.
 */
import { hexU } from "./format";
import type { Message, Thread } from "./state";
import type { SyscallHost } from "./syscalls";

export function endpointSend(
  k: SyscallHost,
  sender: Thread,
  id: number,
  message: Message,
  coreId: number,
): "delivered" | "blocked" {
  const ep = k.state.endpoints.get(id);
  if (!ep) throw new Error(`engine bug: send to endpoint ${id}, which is not registered`);
  const receiver = ep.receivers.shift();
  const r = receiver === undefined ? undefined : k.state.threads.get(receiver);
  if (r) {
    k.log(`[ipc] EP${id}: send fastpath — woke receiver thread ${r.tid}`, coreId);
    r.inbox = { message, endpoint: id };
    // The receiver finishes its SYS_RECV when it next runs, and prints these then.
    const [d0, d1, d2] = message.data;
    r.onResume.push(
      `[ipc] EP${id}: receiver thread ${r.tid} resumed, label=${message.label}`,
      `[syscall] SYS_RECV: thread ${r.tid} got label=${hexU(message.label)} data=[${hexU(d0)}, ${hexU(d1)}, ${hexU(d2)}]`,
    );
    k.out.push({
      kind: "ipc",
      cycle: k.now(coreId),
      endpoint: id,
      from: sender.tid,
      to: r.tid,
      label: hexU(message.label),
      path: "fast",
    });
    k.enqueue(r.tid, coreId);
    return "delivered";
  }
  k.log(`[ipc] EP${id}: send slowpath — thread ${sender.tid} blocking (no receiver)`, coreId);
  ep.senders.push(sender.tid);
  k.setRun(sender, { kind: "BlockedSend", endpoint: id, message }, coreId);
  return "blocked";
}
