/** Processes and threads, and the registers of one thread, with its last syscall explained. */
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { ErrorNote, Val } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function ThreadsView({ sim, model, changed, base }: ViewProps) {
  const userThreads = model.threads.filter((t) => !t.kernel);
  const selected =
    model.threads.find((t) => t.tid === sim.selectedTid.value) ??
    userThreads.find((t) => t.state === "Running") ??
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
