import type { CascadeEvent, Lane } from '@cascadekit/core';
import type { Logger } from '../config/types.js';
import type { Telemetry, TurnEnd, TurnStart, TurnWatcher } from './types.js';

/**
 * One watcher over every telemetry's watcher of a turn, or `undefined` when none watches (the
 * turn then pays nothing). A watcher that throws is logged and gets no more of the turn's events
 * or attempts, but still its `end`, so it can close what it opened: telemetry never disturbs an
 * answer.
 */
export function watchTurn(telemetry: readonly Telemetry[], start: TurnStart, logger: Logger): TurnWatcher | undefined {
  const watchers: TurnWatcher[] = [];
  const dropped = new Set<TurnWatcher>();
  const failed = (error: unknown, watcher?: TurnWatcher) => {
    if (watcher) dropped.add(watcher);
    logger.error('cascadekit: a telemetry threw; it gets no more of this turn', {
      turnId: start.turnId,
      error: String(error),
    });
  };
  for (const each of telemetry) {
    try {
      const watcher = each.turn(start);
      if (watcher) watchers.push(watcher);
    } catch (error) {
      failed(error);
    }
  }
  if (watchers.length === 0) return undefined;
  const combined: TurnWatcher = {
    event(event: CascadeEvent) {
      for (const watcher of watchers) {
        if (dropped.has(watcher)) continue;
        try {
          watcher.event(event);
        } catch (error) {
          failed(error, watcher);
        }
      }
    },
    end(end: TurnEnd) {
      for (const watcher of watchers) {
        try {
          watcher.end(end);
        } catch (error) {
          failed(error, watcher);
        }
      }
    },
  };
  if (watchers.some((watcher) => watcher.attempt !== undefined)) {
    combined.attempt = <T>(lane: Lane, attempt: number, call: () => T): T => {
      // Each watcher's wrapper around the next one's; one that throws before calling is skipped.
      let run = call;
      for (const watcher of watchers.filter((each) => each.attempt && !dropped.has(each)).reverse()) {
        const inner = run;
        run = () => {
          let called = false;
          try {
            return (watcher.attempt as NonNullable<TurnWatcher['attempt']>)<T>(lane, attempt, () => {
              called = true;
              return inner();
            });
          } catch (error) {
            if (called) throw error;
            failed(error, watcher);
            return inner();
          }
        };
      }
      return run();
    };
  }
  return combined;
}
