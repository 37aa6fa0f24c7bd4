/** The serial console (what programs print) and the kernel log, apart. */
import type { ViewModel } from "../model";
import type { Sim } from "../store";
import { Section } from "../ui";

export interface ViewProps {
  sim: Sim;
  model: ViewModel;
  changed: ReadonlySet<string>;
  base: string;
}

export default function ConsoleView({ model }: ViewProps) {
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
