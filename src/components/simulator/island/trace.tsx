/**
 * The event trace: a grid (aria-rowcount / aria-rowindex) that renders only the rows in view, so 100,000
 * events scroll like 100. Arrow keys, Page Up/Down, Home and End move the active row; Enter or a click
 * seeks there. Filters by process and by kind.
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised list needs the ARIA grid pattern (rows are absolutely placed divs)
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid holds the focus and points at its active row (aria-activedescendant)
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TimedEvent } from "./engine";
import type { ViewModel } from "./model";
import type { Sim } from "./store";
import { listOffset, rowTop, scrollTopFor, traceScroll } from "./trace-scroll";

const ROW = 28;
const KINDS = [
  "syscall",
  "schedule",
  "thread-state",
  "ipc",
  "irq",
  "fault",
  "process",
  "cap",
  "map",
  "frame",
  "serial",
  "halt",
];

function pidOf(e: TimedEvent["event"]): number | null {
  return "pid" in e ? e.pid : null;
}

export default function TraceView({
  sim,
  model,
  compact,
}: {
  sim: Sim;
  model: ViewModel;
  compact?: boolean;
}) {
  const s = sim.session.value;
  const timeline = s?.timeline() ?? [];
  const [pid, setPid] = useState<number | null>(null);
  const [kinds, setKinds] = useState<ReadonlySet<string>>(
    () => new Set(KINDS.filter((k) => k !== "frame" && k !== "map")),
  );
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const [goto, setGoto] = useState("");
  const grid = useRef<HTMLDivElement>(null);
  const height = compact ? 240 : 360;

  const len = timeline.length;
  // Indices of the events that pass the filters, extended as the timeline grows (it only appends).
  const cache = useRef<{
    timeline: unknown;
    kinds: unknown;
    pid: number | null;
    seen: number;
    rows: number[];
  }>(null);
  const rows = useMemo(() => {
    let c = cache.current;
    if (!c || c.timeline !== timeline || c.kinds !== kinds || c.pid !== pid || c.seen > len) {
      c = { timeline, kinds, pid, seen: 0, rows: [] };
      cache.current = c;
    }
    for (; c.seen < len; c.seen++) {
      const e = timeline[c.seen]?.event;
      if (!e || !kinds.has(e.kind)) continue;
      if (pid !== null && pidOf(e) !== pid) continue;
      c.rows.push(c.seen);
    }
    return c.rows;
  }, [timeline, len, kinds, pid]);

  // The body shows under the sticky header row: its view is one row shorter than the grid.
  const view = height - ROW;
  const geometry = traceScroll(rows.length, ROW, view);

  // The row of the last event at or before the current tick.
  const upTo = s ? s.eventsBefore(model.tick) : 0;
  let current = -1;
  {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rows[mid] ?? 0) < upTo) lo = mid + 1;
      else hi = mid;
    }
    current = lo - 1;
  }

  // Follow the current position when it moves; while running, only once it stops (scrolling a long list
  // every frame would cost more than the run).
  const running = sim.running.value;
  useEffect(() => {
    if (current < 0 || running) return;
    setActive(current);
    const el = grid.current;
    if (!el) return;
    const y = current * ROW;
    const at = listOffset(geometry, el.scrollTop);
    if (y < at || y + ROW > at + view) el.scrollTop = scrollTopFor(geometry, y + ROW - height / 2);
  }, [current, height, running]);

  const first = Math.max(0, Math.floor(listOffset(geometry, scrollTop) / ROW) - 4);
  const last = Math.min(rows.length, first + Math.ceil(height / ROW) + 8);
  const names = new Map(model.processes.map((p) => [p.pid, p.name]));
  const name = (p: number) => names.get(p) ?? `PID ${p}`;

  const seekRow = (r: number) => {
    const i = rows[r];
    const t = i === undefined ? undefined : timeline[i];
    if (t) sim.seek(t.tick);
  };
  const moveTo = (r: number) => {
    const to = Math.max(0, Math.min(rows.length - 1, r));
    setActive(to);
    const el = grid.current;
    if (!el) return;
    const y = to * ROW;
    const at = listOffset(geometry, el.scrollTop);
    if (y < at) el.scrollTop = scrollTopFor(geometry, y);
    else if (y + ROW > at + view) el.scrollTop = scrollTopFor(geometry, y + ROW - view);
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.floor(height / ROW) - 1;
    const to: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in to) {
      e.preventDefault();
      moveTo(to[e.key] ?? 0);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      seekRow(active);
    }
  };
  const idBase = compact ? "sim-trace-e" : "sim-trace";
  const activeInView = active >= first && active < last;

  return (
    <div class="sim-trace">
      {!compact && (
        <div class="sim-row sim-filters">
          <label>
            Process{" "}
            <select
              aria-label="Process"
              value={pid === null ? "" : String(pid)}
              onChange={(e) => {
                const v = (e.target as HTMLSelectElement).value;
                setPid(v === "" ? null : Number(v));
              }}
            >
              <option value="">all</option>
              <option value="0">kernel</option>
              {model.processes.map((p) => (
                <option key={p.pid} value={String(p.pid)}>
                  {p.name} (PID {p.pid})
                </option>
              ))}
            </select>
          </label>
          <fieldset class="sim-kinds">
            <legend>Kinds</legend>
            {KINDS.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={kinds.has(k)}
                  onChange={(e) => {
                    const next = new Set(kinds);
                    if ((e.target as HTMLInputElement).checked) next.add(k);
                    else next.delete(k);
                    setKinds(next);
                  }}
                />
                {k}
              </label>
            ))}
          </fieldset>
          <form
            class="sim-goto"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(goto);
              if (Number.isInteger(n) && n >= 1) {
                moveTo(n - 1);
                grid.current?.focus();
              }
            }}
          >
            <label>
              Event #{" "}
              <input
                type="number"
                aria-label="Event number"
                min={1}
                max={Math.max(1, rows.length)}
                value={goto}
                onInput={(e) => setGoto((e.target as HTMLInputElement).value)}
              />
            </label>
            <button type="submit">Go to event</button>
          </form>
        </div>
      )}
      <p class="sim-hint" id={`${idBase}-help`}>
        {rows.length.toLocaleString("en")} events. Arrow keys move, Enter goes to that moment; or click an
        event.
      </p>
      <div
        ref={grid}
        role="grid"
        tabIndex={0}
        aria-label="Event trace"
        aria-describedby={`${idBase}-help`}
        aria-rowcount={rows.length + 1}
        aria-colcount={4}
        aria-activedescendant={activeInView && rows.length > 0 ? `${idBase}-${active}` : undefined}
        class="sim-grid"
        style={{ height: `${height}px` }}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
        onKeyDown={onKey}
      >
        <div role="rowgroup" class="sim-grid-head">
          <div role="row" aria-rowindex={1} class="sim-grid-row">
            <span role="columnheader">#</span>
            <span role="columnheader">Tick</span>
            <span role="columnheader">Kind</span>
            <span role="columnheader">What happened</span>
          </div>
        </div>
        <div role="rowgroup" class="sim-grid-body" style={{ height: `${geometry.body}px` }}>
          {rows.slice(first, last).map((i, n) => {
            const r = first + n;
            const t = timeline[i];
            if (!t) return null;
            const cls = [
              "sim-grid-row",
              r === active ? "sim-active" : "",
              r === current ? "sim-now" : "",
              i >= upTo ? "sim-future" : "",
              t.event.kind === "syscall" && t.event.error ? "sim-err" : "",
              t.event.kind === "fault" ? "sim-err" : "",
            ].join(" ");
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles keys for its rows (aria-activedescendant)
              <div
                role="row"
                key={i}
                id={`${idBase}-${r}`}
                aria-rowindex={r + 2}
                aria-current={r === current ? "true" : undefined}
                class={cls}
                style={{ top: `${rowTop(geometry, r, ROW, scrollTop)}px` }}
                onClick={() => {
                  setActive(r);
                  seekRow(r);
                }}
              >
                <span role="gridcell">{r + 1}</span>
                <span role="gridcell">{t.tick}</span>
                <span role="gridcell">{t.event.kind}</span>
                <span role="gridcell">{sim.rt?.describeEvent(t.event, name) ?? ""}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
