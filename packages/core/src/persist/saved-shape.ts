import { type AnswerStatus, TERMINAL_STATUSES } from '../cascade/answer.js';
import {
  boolean,
  type Check,
  index,
  is,
  lane,
  listOf,
  number,
  optional,
  report,
  shape,
  string,
  summary,
} from '../protocol/event-shapes.js';
import { PERSIST_VERSION } from './storage.js';

const oneOf = (values: readonly string[]): Check =>
  is(values.map((v) => `"${v}"`).join(', '), (v) => values.includes(v as string));

const STATUSES: readonly AnswerStatus[] = ['pending', 'drafting', 'streaming', 'refining', ...TERMINAL_STATUSES];
const record = is('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));

const attempt = shape({
  attempt: index,
  model: string,
  provider: string,
  outcome: oneOf(['running', 'ok', 'failed']),
  reason: optional(string),
  message: optional(string),
  report: optional(report),
  startedAt: optional(number),
  firstTokenAt: optional(number),
  endedAt: optional(number),
});

const laneState = shape({
  status: oneOf(['idle', 'streaming', 'done', 'failed']),
  text: string,
  model: optional(string),
  attempts: listOf(attempt),
  failure: optional(shape({ reason: string, message: string })),
  validation: optional(shape({ ok: boolean, validator: string, message: optional(string) })),
});

const answer = shape({
  status: oneOf(STATUSES),
  lanes: listOf(lane),
  draft: laneState,
  final: laneState,
  breakers: record,
  startedAt: number,
  firstTokenAt: optional(number),
  settledAt: optional(number),
  error: optional(shape({ code: string, message: string })),
  summary: optional(summary),
  acceptedBy: optional(oneOf(['validation', 'user'])),
});

const user = shape({ id: string, role: is('"user"', (v) => v === 'user'), content: string, createdAt: number });
const assistant = shape({
  id: string,
  role: is('"assistant"', (v) => v === 'assistant'),
  replyTo: optional(string),
  feedback: optional(oneOf(['up', 'down'])),
  answer,
});
const message: Check = (value, path) =>
  (value as { role?: unknown } | null)?.role === 'user' ? user(value, path) : assistant(value, path);

const saved = shape({
  version: is(String(PERSIST_VERSION), (v) => v === PERSIST_VERSION),
  savedAt: number,
  ids: listOf(string),
  byId: record,
});

/**
 * What is wrong with a saved conversation of the current version, in words naming the field, or
 * `undefined` when every message has the fields the client and the UI read. Every id of `ids`
 * must have its message in `byId`, once.
 */
export function savedConversationProblem(value: unknown): string | undefined {
  const problem = saved(value, 'saved');
  if (problem) return problem;
  const { ids, byId } = value as { ids: string[]; byId: Record<string, unknown> };
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return `"saved.ids" holds "${id}" twice`;
    seen.add(id);
    if (!Object.hasOwn(byId, id)) return `"saved.byId" has no message "${id}"`;
    const wrong =
      message(byId[id], `saved.byId.${id}`) ??
      ((byId[id] as { id: unknown }).id === id ? undefined : `"saved.byId.${id}.id" must be "${id}"`);
    if (wrong) return wrong;
  }
  return undefined;
}
