import type { CascadeEvent, Lane } from '@cascadekit/core';
import type { Logger } from '../config/types.js';
import type { Telemetry, TurnEnd, TurnStart, TurnWatcher } from './types.js';

/**
 * One watcher over every telemetry's watcher of a turn, or `undefined` when none watches (the
 * turn then pays nothing). A telemetry that throws is logged and left out for the rest of the
 * turn: telemetry never disturbs an answer.
 */
export function watchTurn(telemetry: readonly Telemetry[], start: TurnStart, logger: Logger): TurnWatcher | undefined {
  const watchers: TurnWatcher[] = [];
  const failed = (error: unknown) =>
    logger.error('cascadekit: a telemetry threw; it is left out of this turn', {
      turnId: start.turnId,
      error: String(error),
    });
  for (const each of telemetry) {
    try {
      const watcher = each.turn(start);
      if (watcher) watchers.push(watcher);
    } catch (error) {
      failed(error);
    }
  }
  if (watchers.length === 0) return undefined;
  const guarded = (call: (watcher: TurnWatcher) => void) => {
    for (let i = watchers.length - 1; i >= 0; i--) {
      try {
        call(watchers[i] as TurnWatcher);
      } catch (error) {
        watchers.splice(i, 1);
        failed(error);
      }
    }
  };
  const combined: TurnWatcher = {
    event: (event: CascadeEvent) => guarded((watcher) => watcher.event(event)),
    end: (end: TurnEnd) => guarded((watcher) => watcher.end(end)),
  };
  if (watchers.some((watcher) => watcher.attempt !== undefined)) {
    combined.attempt = <T>(lane: Lane, attempt: number, call: () => T): T => {
      // Each watcher's wrapper around the next one's; one that throws before calling is skipped.
      let run = call;
      for (const watcher of watchers.filter((each) => each.attempt !== undefined).reverse()) {
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
            failed(error);
            return inner();
          }
        };
      }
      return run();
    };
  }
  return combined;
}
