import { type AttemptInfo, answerLane, type Lane } from '@cascadekit/core';
import type { HTMLAttributes } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';

/** Props of {@link Trace}. */
export interface TraceProps extends Omit<HTMLAttributes<HTMLDetailsElement>, 'children' | 'id'> {
  id?: string;
  /** Start expanded. */
  defaultOpen?: boolean;
}

/** Formats US dollars with enough digits for per-request costs. */
function formatUsd(usd: number): string {
  return `$${usd < 0.01 ? usd.toFixed(5) : usd.toFixed(3)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} ms`;
}

function Row({ lane, attempt }: { lane: Lane; attempt: AttemptInfo }) {
  const report = attempt.report;
  return (
    <tr data-outcome={attempt.outcome}>
      <td>{lane}</td>
      <td>{attempt.model}</td>
      <td>{attempt.outcome === 'failed' ? `failed: ${attempt.reason ?? 'unknown'}` : attempt.outcome}</td>
      <td>{ms(report?.ttftMs)}</td>
      <td>{ms(report?.durationMs)}</td>
      <td>{report?.costUsd === undefined ? '–' : formatUsd(report.costUsd)}</td>
    </tr>
  );
}

/**
 * Why the answer looks as it does: every attempt per lane with its model, outcome and
 * failure reason, the serving model, latency (first token, total), the cost of the turn
 * and the saving against running the large model alone. Collapsed by default.
 *
 * @example
 * ```tsx
 * <CascadeChat.Trace defaultOpen />
 * ```
 */
export function Trace({ id: idProp, defaultOpen, className, ...rest }: TraceProps) {
  const id = useMessageId('CascadeChat.Trace', idProp);
  const picked = useCascadeMessage(
    id,
    useShallow((a) => {
      const lane = answerLane(a);
      return {
        draft: a.draft.attempts,
        final: a.final.attempts,
        lane,
        model: lane ? a[lane].model : undefined,
        summary: a.summary,
        started: a.startedAt,
        first: a.firstTokenAt,
        settled: a.settledAt,
      };
    }),
  );
  if (!picked || picked.draft.length + picked.final.length === 0) return null;
  const { summary } = picked;
  const saving = summary?.baselineCostUsd !== undefined ? summary.baselineCostUsd - summary.costUsd : undefined;
  return (
    <details {...rest} open={defaultOpen} className={className ? `ck-trace ${className}` : 'ck-trace'}>
      <summary>Trace</summary>
      <dl className="ck-trace-facts">
        <dt>Served by</dt>
        <dd>{picked.model ? `${picked.model} (${picked.lane} lane)` : '–'}</dd>
        <dt>First token</dt>
        <dd>{ms(picked.first === undefined ? undefined : picked.first - picked.started)}</dd>
        <dt>Total</dt>
        <dd>
          {ms(summary?.durationMs ?? (picked.settled === undefined ? undefined : picked.settled - picked.started))}
        </dd>
        {summary && (
          <>
            <dt>Cost</dt>
            <dd>{formatUsd(summary.costUsd)}</dd>
          </>
        )}
        {saving !== undefined && summary?.baselineCostUsd !== undefined && (
          <>
            <dt>Saving</dt>
            <dd>
              {formatUsd(saving)}
              {summary.baselineCostUsd > 0 &&
                ` (${Math.round((saving / summary.baselineCostUsd) * 100)}% vs. the large model alone)`}
            </dd>
          </>
        )}
      </dl>
      <table className="ck-trace-attempts">
        <caption>Attempts</caption>
        <thead>
          <tr>
            <th scope="col">Lane</th>
            <th scope="col">Model</th>
            <th scope="col">Outcome</th>
            <th scope="col">First token</th>
            <th scope="col">Duration</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {picked.draft.map((a) => (
            <Row key={`d${a.attempt}`} lane="draft" attempt={a} />
          ))}
          {picked.final.map((a) => (
            <Row key={`f${a.attempt}`} lane="final" attempt={a} />
          ))}
        </tbody>
      </table>
    </details>
  );
}
