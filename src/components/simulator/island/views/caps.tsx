/** Each process's CNode (64 slots) and who holds which capability. */
import { useState } from "preact/hooks";
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { Val } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function CapsView({ model, changed }: ViewProps) {
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
