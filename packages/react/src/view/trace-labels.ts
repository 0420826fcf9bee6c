import type { TraceLabels } from '../labels/labels.js';

/** The default words of the trace, the timeline and the comparison (`labels.trace`), shipped with them. */
export const TRACE_LABELS: TraceLabels = {
  summary: 'Details',
  servedBy: 'Served by',
  firstToken: 'First token',
  total: 'Total',
  cost: 'Cost',
  saving: 'Saving',
  attempts: 'Attempts',
  lane: 'Lane',
  model: 'Model',
  outcome: 'Outcome',
  start: 'Start',
  duration: 'Duration',
  draft: 'draft',
  final: 'final',
  running: 'running',
  ok: 'ok',
  failed: 'failed',
  notNeeded: 'not needed',
  timeline: 'Timeline',
  swap: 'swap',
  quickAnswer: 'Quick answer',
  improvedAnswer: 'Improved answer',
  changes: 'Changes between the quick and the improved answer',
};

/** The trace's words in force: `TRACE_LABELS` with the app's `labels.trace` over them. */
export const traceLabels = (given: Partial<TraceLabels>): TraceLabels => ({ ...TRACE_LABELS, ...given });
