import { type AnswerState, type AttemptInfo, answerLane, type Lane } from '@cascadekit/core';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import type { CascadeLabels } from '../labels/labels.js';
import { REASON_LABELS } from '../labels/reason-labels.js';
import { formatUsd } from '../parts/cost.js';
import { Timeline } from './timeline.js';
import { traceLabels } from './trace-labels.js';

/** Props of {@link TraceDetails}. */
export interface TraceDetailsProps {
  id: string;
  labels: CascadeLabels;
}

/** One attempt with its lane, times relative to the send, and how the trace words its outcome. */
export interface TraceRow {
  lane: Lane;
  attempt: AttemptInfo;
  /** Milliseconds from send: start, first token, end (end missing while running). */
  start: number | undefined;
  firstToken: number | undefined;
  end: number | undefined;
  /** `not-needed`: cancelled because the answer settled without it, not a failure. */
  outcome: 'running' | 'ok' | 'failed' | 'not-needed';
}

/** What the rows are built from: an answer's attempts, status and start. */
type RowSource = Pick<AnswerState, 'status' | 'startedAt'> & Record<Lane, Pick<AnswerState['draft'], 'attempts'>>;

/** The rows of the trace, draft lane first. */
export function traceRows(a: RowSource): TraceRow[] {
  const since = (at: number | undefined) => (at === undefined ? undefined : at - a.startedAt);
  return (['draft', 'final'] as const).flatMap((lane) =>
    a[lane].attempts.map((attempt): TraceRow => {
      const cancelledByAccept = a.status === 'accepted' && lane === 'final' && attempt.reason === 'aborted';
      const notNeeded = attempt.outcome === 'failed' && (attempt.reason === 'superseded' || cancelledByAccept);
      const start = since(attempt.startedAt);
      const report = attempt.report;
      return {
        lane,
        attempt,
        start,
        firstToken:
          since(attempt.firstTokenAt) ??
          (report?.ttftMs !== undefined && start !== undefined ? start + report.ttftMs : undefined),
        end: since(attempt.endedAt),
        outcome: notNeeded ? 'not-needed' : attempt.outcome,
      };
    }),
  );
}

const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} ms`);

/**
 * The opened trace: facts, the timeline picture and the attempts table. Loaded on demand.
 * @internal
 */
export function TraceDetails({ id, labels }: TraceDetailsProps) {
  const t = traceLabels(labels.trace);
  const picked = useCascadeMessage(id, (a) => {
    const lane = answerLane(a);
    return {
      status: a.status,
      startedAt: a.startedAt,
      lane,
      model: lane ? a[lane].model : undefined,
      summary: a.summary,
      first: a.firstTokenAt === undefined ? undefined : a.firstTokenAt - a.startedAt,
      total: a.summary?.durationMs ?? (a.settledAt === undefined ? undefined : a.settledAt - a.startedAt),
      swap:
        a.status === 'final' && a.draft.text !== '' && a.settledAt !== undefined
          ? a.settledAt - a.startedAt
          : undefined,
      draft: a.draft.attempts,
      final: a.final.attempts,
    };
  });
  if (!picked) return null;
  const { summary } = picked;
  const rows = traceRows({ ...picked, draft: { attempts: picked.draft }, final: { attempts: picked.final } });
  const saving = summary?.baselineCostUsd !== undefined ? summary.baselineCostUsd - summary.costUsd : undefined;
  const outcome = (row: TraceRow) =>
    row.outcome === 'not-needed'
      ? t.notNeeded
      : row.outcome === 'failed'
        ? `${t.failed}: ${{ ...REASON_LABELS, ...labels.reasons }[row.attempt.reason ?? 'unknown']}`
        : t[row.outcome];
  return (
    <>
      <dl className="ck-trace-facts">
        <dt>{t.servedBy}</dt>
        <dd>{picked.model && picked.lane ? `${picked.model} (${t[picked.lane]})` : '–'}</dd>
        <dt>{t.firstToken}</dt>
        <dd>{ms(picked.first)}</dd>
        <dt>{t.total}</dt>
        <dd>{ms(picked.total)}</dd>
        {summary && (
          <>
            <dt>{t.cost}</dt>
            <dd>{formatUsd(summary.costUsd)}</dd>
          </>
        )}
        {saving !== undefined && (
          <>
            <dt>{t.saving}</dt>
            <dd data-saving={saving < 0 ? 'extra' : 'saved'}>
              {saving < 0 ? `−${formatUsd(-saving)}` : formatUsd(saving)}
            </dd>
          </>
        )}
      </dl>
      <Timeline rows={rows} swap={picked.swap} total={picked.total} labels={t} />
      {/* Scrolls sideways on narrow screens, so it must be reachable by keyboard (axe). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable */}
      <section className="ck-trace-scroll" aria-label={t.attempts} tabIndex={0}>
        <table className="ck-trace-attempts">
          <caption>{t.attempts}</caption>
          <thead>
            <tr>
              <th scope="col">{t.lane}</th>
              <th scope="col">{t.model}</th>
              <th scope="col">{t.outcome}</th>
              <th scope="col">{t.start}</th>
              <th scope="col">{t.firstToken}</th>
              <th scope="col">{t.duration}</th>
              <th scope="col">{t.cost}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.lane}${row.attempt.attempt}`} data-outcome={row.outcome}>
                <td>{t[row.lane]}</td>
                <td>{row.attempt.model}</td>
                <td>{outcome(row)}</td>
                <td>{ms(row.start)}</td>
                <td>{ms(row.firstToken)}</td>
                <td>
                  {ms(
                    row.attempt.report?.durationMs ??
                      (row.end !== undefined && row.start !== undefined ? row.end - row.start : undefined),
                  )}
                </td>
                <td>{row.attempt.report?.costUsd === undefined ? '–' : formatUsd(row.attempt.report.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
