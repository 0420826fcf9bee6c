import { type CascadeEventType, LANES, PROTOCOL_VERSION } from './events.js';

/**
 * Checks one value at `path`; returns what is wrong with it in words, or `undefined` when it fits.
 * Shapes are tables of these, so each event type's fields read as a list. A saved conversation is
 * checked with the same ones (`persist/saved-shape.ts`).
 */
export type Check = (value: unknown, path: string) => string | undefined;

/** A value as a message quotes it: JSON, cut short. */
const describe = (value: unknown) => String(JSON.stringify(value)).slice(0, 40);

export const is =
  (expected: string, test: (value: unknown) => boolean): Check =>
  (value, path) =>
    test(value) ? undefined : `"${path}" must be ${expected}, got ${describe(value)}`;

export const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Fields = Readonly<Record<string, Check>>;

function fieldProblem(value: Record<string, unknown>, fields: Fields, prefix: string): string | undefined {
  for (const key in fields) {
    const problem = (fields[key] as Check)(value[key], prefix + key);
    if (problem) return problem;
  }
  return undefined;
}

export const shape =
  (fields: Fields): Check =>
  (value, path) =>
    isRecord(value) ? fieldProblem(value, fields, `${path}.`) : `"${path}" must be an object, got ${describe(value)}`;

export const listOf =
  (item: Check): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `"${path}" must be an array, got ${describe(value)}`;
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

export const string = is('a string', (v) => typeof v === 'string');
export const number = is('a number', (v) => typeof v === 'number' && Number.isFinite(v));
export const boolean = is('a boolean', (v) => typeof v === 'boolean');
export const index = is('a whole number of 0 or more', (v) => Number.isInteger(v) && (v as number) >= 0);
const isLane = (v: unknown) => (LANES as readonly unknown[]).includes(v);
// Lanes index the answer's state, so only the two known ones pass. Reasons, outcomes and breaker
// states are open vocabularies a newer server may extend: they only have to be strings.
export const lane = is('"draft" or "final"', isLane);

export const report = shape({
  lane,
  attempt: index,
  model: string,
  outcome: string,
  reason: optional(string),
  ttftMs: optional(number),
  durationMs: number,
  usage: optional(shape({ inputTokens: number, outputTokens: number })),
  costUsd: optional(number),
});

/** A turn's summary (`settled`), also checked on a saved conversation (`persist`). */
export const summary = shape({
  attempts: listOf(report),
  costUsd: number,
  baselineCostUsd: optional(number),
  durationMs: number,
});

/** The fields of every event type of protocol v1 (extra fields are allowed). */
const EVENT_SHAPES: { readonly [T in CascadeEventType]: Fields } = {
  'turn-start': {
    v: is(`${PROTOCOL_VERSION} (this client speaks protocol v${PROTOCOL_VERSION})`, (v) => v === PROTOCOL_VERSION),
    turnId: string,
    chain: string,
    lanes: listOf(lane),
  },
  'attempt-start': { lane, attempt: index, model: string, provider: string },
  delta: { lane, text: string },
  reset: { lane, reason: string },
  'attempt-failed': {
    lane,
    attempt: index,
    model: string,
    reason: string,
    message: string,
    status: optional(number),
    next: string,
    report: optional(report),
  },
  validation: { lane, model: string, ok: boolean, validator: string, message: optional(string) },
  breaker: { model: string, state: string },
  'lane-done': { lane, model: string, text: string, report: optional(report), finishReason: optional(string) },
  'lane-failed': { lane, reason: string, message: string },
  settled: {
    winner: is('"draft", "final" or null', (v) => v === null || isLane(v)),
    model: optional(string),
    summary,
  },
  error: { code: string, message: string },
  done: {},
};

/** True when `type` names an event of protocol v1. */
export function isKnownEventType(type: string): type is CascadeEventType {
  return Object.hasOwn(EVENT_SHAPES, type);
}

/**
 * What is wrong with an event of a known `type`, as a sentence naming the event and the field,
 * or `undefined` when it has every field its type needs (extra fields are allowed).
 *
 * @example
 * ```ts
 * eventProblem({ type: 'delta', lane: 'draft' });
 * // 'Malformed "delta" event: "text" must be a string, got undefined.'
 * ```
 */
export function eventProblem(event: Record<string, unknown> & { type: CascadeEventType }): string | undefined {
  const problem = fieldProblem(event, EVENT_SHAPES[event.type], '');
  return problem && `Malformed "${event.type}" event: ${problem}.`;
}
