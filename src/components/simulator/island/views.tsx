/** The machine views: each renders the model at the current tick and marks what the last step changed. */
import { useState } from "preact/hooks";
import type { ViewModel } from "./model";
import type { Sim } from "./store";
import { ErrorNote, Section, Val } from "./ui";

interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export function CoresView({ model, changed }: ViewProps) {
  return (
    <table class="sim-table">
      <caption>Cores and their run queues</caption>
      <thead>
        <tr>
          <th scope="col">Core</th>
          <th scope="col">Running</th>
          <th scope="col">Run queue</th>
          <th scope="col">Clock (cycles)</th>
        </tr>
      </thead>
      <tbody>
        {model.cores.map((c) => (
          <tr key={c.id}>
            <th scope="row">{c.id}</th>
            <td>
              <Val k={`core.${c.id}.current`} changed={changed}>
                {c.current}
              </Val>
            </td>
            <td>
              <Val k={`core.${c.id}.queue`} changed={changed}>
                {c.schedules
                  ? c.queue.length > 0
                    ? c.queue.join(", ")
                    : "empty"
                  : "does not schedule (as built)"}
              </Val>
            </td>
            <td class="sim-num">{c.clock}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ThreadsView({ sim, model, changed, base }: ViewProps) {
  const userThreads = model.threads.filter((t) => !t.kernel);
  const selected =
    model.threads.find((t) => t.tid === sim.selectedTid.value) ??
    userThreads.find((t) => t.state === "running") ??
    userThreads[0];
  return (
    <div>
      <table class="sim-table">
        <caption>Processes and threads</caption>
        <thead>
          <tr>
            <th scope="col">TID</th>
            <th scope="col">Thread</th>
            <th scope="col">Process</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {model.threads.map((t) => {
            const proc = model.processes.find((p) => p.pid === t.pid);
            return (
              <tr key={t.tid} class={t.tid === selected?.tid ? "sim-selected" : undefined}>
                <th scope="row">{t.tid}</th>
                <td>{t.kernel ? `${t.name} (kernel)` : t.name}</td>
                <td>{t.pid === 0 ? "kernel" : `${proc?.name ?? "?"} (PID ${t.pid})`}</td>
                <td>
                  <Val k={`thread.${t.tid}.state`} changed={changed}>
                    {t.state}
                    {t.detail && `: ${t.detail}`}
                  </Val>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {userThreads.length > 0 && selected && (
        <div class="sim-regs">
          <label>
            Registers of{" "}
            <select
              aria-label="Registers of"
              value={String(selected.tid)}
              onChange={(e) => {
                sim.selectedTid.value = Number((e.target as HTMLSelectElement).value);
              }}
            >
              {userThreads.map((t) => (
                <option key={t.tid} value={String(t.tid)}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          {selected.lastSyscall && (
            <p class="sim-last-syscall">
              Last syscall at tick {selected.lastSyscall.tick}: <code>SYS_{selected.lastSyscall.name}</code>(
              {selected.lastSyscall.args.join(", ")}) →{" "}
              <code>{selected.lastSyscall.error ?? selected.lastSyscall.result ?? "blocked"}</code>
            </p>
          )}
          {selected.lastSyscall?.error && <ErrorNote error={selected.lastSyscall.error} base={base} />}
          <table class="sim-table sim-regtable">
            <caption>Registers of {selected.label}</caption>
            <thead>
              <tr>
                <th scope="col">Register</th>
                <th scope="col">Value (hex)</th>
                <th scope="col">Signed, if an error</th>
              </tr>
            </thead>
            <tbody>
              {selected.regs.map((r) => (
                <tr key={r.name} data-reg={r.name}>
                  <th scope="row">
                    <code>{r.name}</code>
                  </th>
                  <td>
                    <Val k={`thread.${selected.tid}.${r.name}`} changed={changed}>
                      <code class="sim-reg-value">{r.hex}</code>
                    </Val>
                  </td>
                  <td>{r.signed ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function CapsView({ model, changed }: ViewProps) {
  const [pid, setPid] = useState<number | null>(null);
  const [showEmpty, setShowEmpty] = useState(false);
  const proc = model.processes.find((p) => p.pid === pid) ?? model.processes[0];
  if (!proc) return <p>No processes.</p>;
  const bySlot = new Map(proc.cnode.map((c) => [c.slot, c]));
  const slots = showEmpty ? Array.from({ length: 64 }, (_, i) => i) : proc.cnode.map((c) => c.slot);
  return (
    <div>
      <div class="sim-row">
        <label>
          CNode of{" "}
          <select
            aria-label="CNode of"
            value={String(proc.pid)}
            onChange={(e) => setPid(Number((e.target as HTMLSelectElement).value))}
          >
            {model.processes.map((p) => (
              <option key={p.pid} value={String(p.pid)}>
                {p.name} (PID {p.pid})
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={showEmpty}
            onChange={(e) => setShowEmpty((e.target as HTMLInputElement).checked)}
          />{" "}
          Show all 64 slots
        </label>
      </div>
      <table class="sim-table">
        <caption>
          CNode of {proc.name}: {proc.cnode.length} of 64 slots hold a capability
        </caption>
        <thead>
          <tr>
            <th scope="col">Slot</th>
            <th scope="col">Type</th>
            <th scope="col">Fields</th>
            <th scope="col">Rights</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => {
            const c = bySlot.get(slot);
            return (
              <tr key={slot}>
                <th scope="row">{slot}</th>
                <td>
                  <Val k={`cnode.${proc.pid}.${slot}`} changed={changed}>
                    {c?.kind ?? "Empty"}
                  </Val>
                </td>
                <td>{c?.fields ?? ""}</td>
                <td>{c?.rights ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table class="sim-table">
        <caption>Who holds which capability</caption>
        <thead>
          <tr>
            <th scope="col">Kernel object</th>
            <th scope="col">Held by (slot: rights)</th>
          </tr>
        </thead>
        <tbody>
          {model.holders.map((h) => (
            <tr key={h.object}>
              <th scope="row">
                <code>{h.object}</code>
              </th>
              <td>
                <ul class="sim-plain">
                  {h.holders.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IpcView({ model, changed }: ViewProps) {
  return (
    <div>
      <table class="sim-table">
        <caption>Endpoints and who waits on them</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Waiting senders</th>
            <th scope="col">Waiting receivers</th>
          </tr>
        </thead>
        <tbody>
          {model.endpoints.length === 0 && (
            <tr>
              <td colSpan={3}>No endpoint is in use.</td>
            </tr>
          )}
          {model.endpoints.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.id}</th>
              <td>
                <Val k={`ep.${e.id}`} changed={changed}>
                  {e.senders.join(", ") || "none"}
                </Val>
              </td>
              <td>{e.receivers.join(", ") || "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="sim-table">
        <caption>IRQ lines and their waiters</caption>
        <thead>
          <tr>
            <th scope="col">IRQ</th>
            <th scope="col">Waiting thread</th>
          </tr>
        </thead>
        <tbody>
          {model.irqs.map((i) => (
            <tr key={i.line}>
              <th scope="row">{i.line}</th>
              <td>
                <Val k={`irq.${i.line}`} changed={changed}>
                  {i.waiter ?? "—"}
                </Val>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MemoryView({ model, changed }: ViewProps) {
  const f = model.frames;
  const pct = f.total > 0 ? (100 * f.used) / f.total : 0;
  return (
    <div>
      <p>
        Physical frames:{" "}
        <Val k="frames.used" changed={changed}>
          {f.used.toLocaleString("en")}
        </Val>{" "}
        used of {f.total.toLocaleString("en")} ({f.free.toLocaleString("en")} free; the first 1,024 hold the
        kernel).
      </p>
      <div class="sim-bar-meter" aria-hidden="true">
        <span style={{ width: `${pct.toFixed(2)}%` }} />
      </div>
      {model.processes.map((p) => (
        <table class="sim-table" key={p.pid}>
          <caption>
            Address space of {p.name} (PID {p.pid}): {p.pages} pages mapped, {p.tables} page-table frames
          </caption>
          <thead>
            <tr>
              <th scope="col">Virtual range</th>
              <th scope="col">Pages</th>
              <th scope="col">Flags</th>
              <th scope="col">Physical frames</th>
            </tr>
          </thead>
          <tbody>
            {p.mappings.map((m) => (
              <tr key={m.start}>
                <th scope="row">
                  <code>
                    {m.start}–{m.end}
                  </code>
                </th>
                <td>
                  <Val k={`map.${p.pid}.${Number.parseInt(m.start, 16) / 4096}`} changed={changed}>
                    {m.pages}
                  </Val>
                </td>
                <td>
                  <code>{m.flags}</code>
                </td>
                <td>
                  <code>{m.frames}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

export function ConsoleView({ model }: ViewProps) {
  return (
    <div class="sim-consoles">
      <Section title="Serial console (what programs print)">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to scroll by keyboard */}
        {/* biome-ignore lint/a11y/useSemanticElements: a pre that is also a labelled region */}
        <pre class="sim-console" tabIndex={0} role="region" aria-label="Serial console, user output">
          {model.console || "(nothing printed yet)"}
        </pre>
      </Section>
      <Section title="Kernel log">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to scroll by keyboard */}
        {/* biome-ignore lint/a11y/useSemanticElements: a pre that is also a labelled region */}
        <pre class="sim-console" tabIndex={0} role="region" aria-label="Kernel log">
          {model.kernelLog || "(empty)"}
        </pre>
      </Section>
    </div>
  );
}
