/**
 * A lab: a scenario whose goals a reader meets by editing its programs, with hints, a solution and a
 * program that gets it wrong (for the tests). The page that teaches it is docs/learn/<id>.mdx; the island
 * that runs it is src/components/labs/.
 */
import type { ScenarioInput } from "../sim/scenario/schema";

export interface Lab {
  /** The page's slug: /learn/<id>/. */
  readonly id: string;
  readonly title: string;
  /** One line for the lab index. */
  readonly summary: string;
  /** The roadmap sprints (their ids, as in docs/roadmap/sprints/) whose work the lab exercises. */
  readonly sprints: readonly string[];
  /** The starter: the programs a reader begins with (as `source`), the goals, the kernel profile. */
  readonly scenario: ScenarioInput & { readonly programs: Readonly<Record<string, { source: string }>> };
  /** The program a reader edits; other programs of the scenario are shown read-only. */
  readonly edit: string;
  /** Revealed one at a time. */
  readonly hints: readonly string[];
  /** The reference solution: the edited program's whole source. */
  readonly solution: string;
  /** A plausible mistake, and the goals (numbers from 1) it leaves unmet: the tests type it in. */
  readonly wrong: { readonly source: string; readonly unmet: readonly number[] };
  /** How many ticks Check runs before it gives up on a program that never finishes. */
  readonly checkTicks?: number;
}

/** Check gives up after this many ticks unless a lab says otherwise. */
export const CHECK_TICKS = 2_000_000;

/** "\r\n" as the assembler reads it inside a string. */
export const CRLF = "\\r\\n";
