import type { CascadeEvent } from '@cascadekit/core';
import type { TurnEvents } from '../chain/turn-events.js';

/** The events a route held before it chose its answer's head, and the rest of the turn. */
export interface HeldHead {
  held: CascadeEvent[];
  /** The turn's events after `held` (nothing is lost between the two). */
  rest: TurnEvents;
  /** The turn ended while held. */
  ended: boolean;
}

/** Events that may still belong to a turn whose every model is rate limited. */
function mayBeRateLimited(event: CascadeEvent): boolean {
  switch (event.type) {
    case 'turn-start':
    case 'attempt-start':
    case 'breaker':
    case 'done':
      return true;
    case 'attempt-failed':
      return event.status === 429 || event.reason === 'breaker-open';
    case 'lane-failed':
      return event.code === 'rate_limited';
    case 'settled':
      return event.winner === null;
    default:
      return false;
  }
}

const REACHED = Symbol('reached');

/**
 * Holds a turn's first events while it may still end with every model rate limited, so that
 * such a turn can be answered 429 with `Retry-After` instead of a 200 stream. The hold ends as
 * soon as an upstream answers with a 2xx head (`reached`), or an event shows the turn is more
 * than rate limits (a token, another failure), or the turn ends.
 */
export async function holdHead(events: TurnEvents, reached: Promise<void>): Promise<HeldHead> {
  const held: CascadeEvent[] = [];
  const reachedMark = reached.then((): typeof REACHED => REACHED);
  for (;;) {
    const pending = events.read().catch(() => null);
    const next = await Promise.race([pending, reachedMark]);
    if (next === REACHED) return { held, rest: resumed(events, pending), ended: false };
    if (next === null) return { held, rest: events, ended: true };
    held.push(...next);
    if (!next.every(mayBeRateLimited)) return { held, rest: events, ended: false };
  }
}

/** The `lane-failed` events of a held turn that ended with every model rate limited, else none. */
export function rateLimitedLanes(head: HeldHead): Extract<CascadeEvent, { type: 'lane-failed' }>[] {
  if (!head.ended || !head.held.every(mayBeRateLimited)) return [];
  return head.held.filter((event) => event.type === 'lane-failed');
}

/** `events` whose next read is `pending` (a read the hold started and left unfinished). */
function resumed(events: TurnEvents, pending: Promise<CascadeEvent[] | null>): TurnEvents {
  let first: Promise<CascadeEvent[] | null> | undefined = pending;
  const read = () => {
    const next = first ?? events.read();
    first = undefined;
    return next;
  };
  return {
    read,
    cancel: () => events.cancel(),
    closed: events.closed,
    async *[Symbol.asyncIterator]() {
      try {
        for (let batch = await read(); batch !== null; batch = await read()) yield* batch;
      } finally {
        events.cancel();
      }
    },
  };
}
