/** Endpoints with their waiting senders and receivers; IRQ lines and their waiters. */
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { Val } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function IpcView({ model, changed }: ViewProps) {
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
