import type { AnswerStatus, FailureReason } from '@cascadekit/core';
import { createContext, useContext } from 'react';

/**
 * Every string the kit shows or announces, in one object: pass a partial copy as `labels` to
 * `<CascadeChat>` / `<CascadeChat.Root>` to translate or reword any of them (groups merge one
 * level deep). Functions build strings that contain values.
 *
 * @example
 * ```tsx
 * <CascadeChat labels={{ chat: { send: 'Senden', stop: 'Stopp', placeholder: 'Frage…' }, actions: { copy: 'Kopieren' } }} />
 * ```
 */
export interface CascadeLabels {
  /** The status line of an answer, per status; `improved`, `live` and `acceptedByUser` refine two of them. */
  status: Record<AnswerStatus, string> & {
    /** `final` when the final text replaced a draft. */
    improved: string;
    /** `refining` while, with `reveal="stream"`, the improving text is shown as it streams. */
    live: string;
    /** `accepted` when the user accepted the draft (stop, or the next message) rather than a check. */
    acceptedByUser: string;
  };
  /**
   * Why an answer or a lane failed, in plain words, per reason (lane failures) or error code. Their
   * defaults (`REASON_LABELS`) load as a small chunk the first time a status renders, so an entry
   * left out here falls back to them.
   */
  reasons: Partial<ReasonLabels>;
  /** What the live region says once an answer reaches each terminal state. */
  announce: Record<'final' | 'improved' | 'draft-only' | 'accepted' | 'error' | 'stopped' | 'incomplete', string>;
  /** The chat's own words: composer, buttons and region names. */
  chat: {
    send: string;
    stop: string;
    placeholder: string;
    /** Accessible name of the input. */
    input: string;
    /** Shown when Send is pressed while the answer above has nothing readable yet. */
    wait: string;
    conversation: string;
    you: string;
    assistant: string;
    empty: string;
    refinedAnswer: string;
    jumpToLatest: string;
    /** The health notice, from the models whose circuit breaker is open. */
    unavailable: (models: string[]) => string;
  };
  /**
   * The actions, time and cost under each message. Their defaults (`ACTION_LABELS`) ship with
   * those parts, so an entry left out here falls back to them.
   */
  actions: Partial<ActionLabels>;
  /**
   * The trace, the timeline and the comparison of draft and final. Their defaults (`TRACE_LABELS`)
   * ship with those lazy chunks, so an entry left out here falls back to them.
   */
  trace: Partial<TraceLabels>;
}

/** Why an answer or a lane failed, in plain words, per reason (lane failures) or client error code. */
export type ReasonLabels = Record<
  FailureReason | 'http' | 'protocol' | 'server' | 'invalid-argument' | 'interrupted',
  string
> & {
  /** Why a draft stands when it passed the early-accept check. */
  acceptedByCheck: string;
  /** Why a draft stands when the user stopped the improvement or moved on. */
  acceptedByUser: string;
  /** Said before the final lane's reason when neither lane produced an answer. */
  bothFailed: string;
};

/** The words of the actions, time and cost under each message. */
export interface ActionLabels {
  retry: string;
  regenerate: string;
  copy: string;
  copied: string;
  copyCode: string;
  edit: string;
  save: string;
  cancel: string;
  /** Accessible name of the input that edits a user message. */
  editInput: string;
  good: string;
  bad: string;
  /** Accessible name of the group of the two rating buttons. */
  feedback: string;
  showChanges: string;
  hideChanges: string;
  /** The cost line, from US dollars; the saving or extra cost is against the large model alone. */
  cost: (usd: string) => string;
  saved: (usd: string, percent: number) => string;
  extra: (usd: string, percent: number) => string;
  /** Formats a message's time (default: hours and minutes in the browser's locale). */
  time: (date: Date) => string;
}

/** The words of the trace, the timeline and the comparison of draft and final. */
export interface TraceLabels {
  summary: string;
  servedBy: string;
  firstToken: string;
  total: string;
  cost: string;
  saving: string;
  attempts: string;
  lane: string;
  model: string;
  outcome: string;
  start: string;
  duration: string;
  draft: string;
  final: string;
  running: string;
  ok: string;
  failed: string;
  /** An attempt cancelled because the answer no longer needed it (superseded, or early accept). */
  notNeeded: string;
  timeline: string;
  swap: string;
  quickAnswer: string;
  improvedAnswer: string;
  changes: string;
}

/** The kit's English defaults. */
export const DEFAULT_LABELS: CascadeLabels = {
  status: {
    pending: 'Thinking…',
    drafting: 'Answering…',
    streaming: 'Answering…',
    refining: 'Improving…',
    final: 'Answered',
    'draft-only': 'Quick answer — couldn’t improve',
    accepted: 'Quick answer — good enough',
    error: 'Couldn’t answer',
    stopped: 'Stopped',
    incomplete: 'Cut off',
    interrupted: 'Interrupted',
    improved: 'Improved',
    live: 'Improving, live…',
    acceptedByUser: 'Quick answer',
  },
  reasons: {},
  announce: {
    final: 'Answer ready.',
    improved: 'Improved answer ready.',
    'draft-only': 'Quick answer ready; it could not be improved.',
    accepted: 'Quick answer ready.',
    error: 'The answer failed.',
    stopped: 'Answer stopped.',
    incomplete: 'The answer was cut off.',
  },
  chat: {
    send: 'Send',
    stop: 'Stop',
    placeholder: 'Ask a question…',
    input: 'Message',
    wait: 'Send works as soon as the answer above is readable, or press Stop.',
    conversation: 'Conversation',
    you: 'You',
    assistant: 'Assistant',
    empty: 'Ask a question to start.',
    refinedAnswer: 'Refined answer',
    jumpToLatest: 'Jump to latest',
    unavailable: (models) => `Unavailable right now: ${models.join(', ')}. Other models answer instead.`,
  },
  // The actions' words ship with them (`ACTION_LABELS`, labels/action-labels.ts).
  actions: {},
  // The trace's words ship with the trace (a lazy chunk): see `TRACE_LABELS` in view/trace-labels.ts.
  trace: {},
};

/** Labels given as `labels`: any group, any entry. */
export type LabelsInput = {
  [G in keyof CascadeLabels]?: CascadeLabels[G] extends object ? Partial<CascadeLabels[G]> : CascadeLabels[G];
};

/** The defaults with `input` merged in, one level deep. */
export function mergeLabels(input: LabelsInput | undefined): CascadeLabels {
  if (!input) return DEFAULT_LABELS;
  const merged = { ...DEFAULT_LABELS } as Record<string, unknown>;
  for (const [group, value] of Object.entries(input)) {
    const base = merged[group];
    merged[group] =
      typeof value === 'object' && value !== null && typeof base === 'object' ? { ...base, ...value } : value;
  }
  return merged as unknown as CascadeLabels;
}

/** @internal The labels in force below a `Root` (the defaults anywhere else). */
export const LabelsContext = createContext<CascadeLabels>(DEFAULT_LABELS);

/** The labels in force: the nearest `Root`'s `labels` merged over the defaults. */
export function useLabels(): CascadeLabels {
  return useContext(LabelsContext);
}
