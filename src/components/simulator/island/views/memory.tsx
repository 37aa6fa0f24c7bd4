/** Physical frame use and each address space's mappings. */
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { Val } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function MemoryView({ model, changed }: ViewProps) {
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
