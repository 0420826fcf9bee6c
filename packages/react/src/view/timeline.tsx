import type { TraceLabels } from '../labels/labels.js';
import type { TraceRow } from './trace-details.js';

/** Props of {@link Timeline}. */
export interface TimelineProps {
  rows: readonly TraceRow[];
  /** Milliseconds from send to the swap (the final text replacing the draft), if there was one. */
  swap: number | undefined;
  /** The turn's duration, when known. */
  total: number | undefined;
  labels: TraceLabels;
}

const ROW = 22;
const LEFT = 44;
const WIDTH = 400;

/**
 * The turn as a picture: one row per lane, each attempt a bar on a time axis from the send,
 * coloured by outcome, a tick at its first token, the failure reason beside a failed bar, and a
 * line at the swap. Hidden from assistive technology (`aria-hidden`): the attempts table beside
 * it holds the same facts as text. An SVG that scales to its box; colours come from CSS variables.
 * @internal
 */
export function Timeline({ rows, swap, total, labels }: TimelineProps) {
  const end = Math.max(total ?? 0, swap ?? 0, ...rows.map((r) => r.end ?? r.firstToken ?? r.start ?? 0), 1);
  const x = (at: number) => LEFT + (at / end) * (WIDTH - LEFT - 8);
  const lanes = (['draft', 'final'] as const).filter((lane) => rows.some((r) => r.lane === lane));
  // Rows sit below a band for the swap label and above one for the axis.
  const TOP = 12;
  const height = TOP + lanes.length * ROW + 16;
  return (
    <figure className="ck-timeline">
      <figcaption>{labels.timeline}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} aria-hidden="true" focusable="false">
        {lanes.map((lane, i) => (
          <text key={lane} x={0} y={TOP + i * ROW + 15} className="ck-timeline-lane">
            {labels[lane]}
          </text>
        ))}
        {rows.map((row) => {
          const y = TOP + lanes.indexOf(row.lane) * ROW + 4;
          const from = x(row.start ?? 0);
          const to = x(row.end ?? end);
          return (
            <g key={`${row.lane}${row.attempt.attempt}`} data-outcome={row.outcome}>
              <rect x={from} y={y} width={Math.max(to - from, 2)} height={14} rx={3} className="ck-timeline-bar" />
              {row.firstToken !== undefined && (
                <line
                  x1={x(row.firstToken)}
                  x2={x(row.firstToken)}
                  y1={y - 2}
                  y2={y + 16}
                  className="ck-timeline-first"
                />
              )}
              {row.outcome === 'failed' && (
                <text x={Math.min(to + 3, WIDTH - 60)} y={y + 11} className="ck-timeline-reason">
                  {row.attempt.reason}
                </text>
              )}
            </g>
          );
        })}
        {swap !== undefined && (
          <>
            <line x1={x(swap)} x2={x(swap)} y1={TOP - 2} y2={height - 14} className="ck-timeline-swap" />
            <text x={x(swap)} y={9} textAnchor={swap > end * 0.85 ? 'end' : 'middle'} className="ck-timeline-axis">
              {labels.swap}
            </text>
          </>
        )}
        <text x={LEFT} y={height - 4} className="ck-timeline-axis">
          0
        </text>
        <text x={WIDTH} y={height - 4} textAnchor="end" className="ck-timeline-axis">
          {Math.round(end)} ms
        </text>
      </svg>
    </figure>
  );
}
