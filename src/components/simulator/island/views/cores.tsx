/** Cores and their run queues. */
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { Val } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function CoresView({ model, changed }: ViewProps) {
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
