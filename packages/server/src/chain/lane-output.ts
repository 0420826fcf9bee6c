import type { CascadeEvent, FailureReason, Lane } from '@cascadekit/core';
import { type Clock, setTimer } from '../clock.js';
import type { HoldBackConfig } from '../config/types.js';
import type { HandoverMode } from '../policies/failover.js';
import { SpliceGate } from '../policies/splice.js';

/** Where an attempt's text goes; {@link LaneOutput} is the lane's. */
export interface AttemptOutput {
  /** A piece of the attempt's text, as it arrives. */
  push(text: string): void;
  /** The attempt's stream is complete: shows what it held and returns the lane's whole text, to judge. */
  complete(): string;
  /** The attempt failed: what it held back is dropped, never shown. */
  abandon(): void;
}

/**
 * The text of one lane as its client sees it: which pieces of which attempt become `delta`s,
 * and when. It owns the text shown (what a `reset` discards), the hold-back window at the start
 * of an answer (a failure inside it stays invisible), and the handover of a mid-stream failure:
 * a continuation by prefill streams on after the text shown; a restarted attempt is spliced on
 * once it has passed that text ({@link SpliceGate}), or, when it diverges, the lane resets and
 * shows the restarted answer from its start.
 */
export class LaneOutput implements AttemptOutput {
  /** The text the client holds: every `delta` since the last `reset`. */
  shown = '';
  /** The lane's text before this attempt's, kept in its complete text (a prefill). */
  private base = '';
  private attemptText = '';
  private gate: SpliceGate | undefined;
  /** Why the lane handed over: the reason of a `reset` when a spliced answer diverges. */
  private cause: FailureReason = 'unknown';
  private held = '';
  private heldPieces = 0;
  private holding = false;
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly lane: Lane,
    private readonly emit: (event: CascadeEvent) => void,
    private readonly clock: Clock,
    private readonly holdBack: HoldBackConfig | undefined,
  ) {}

  /** Starts an attempt in `mode` (see {@link HandoverMode}); `cause` is the failure it takes over from. */
  begin(mode: HandoverMode, cause: FailureReason = 'unknown'): void {
    this.cause = cause;
    this.attemptText = '';
    this.base = mode === 'prefill' ? this.shown : '';
    this.gate = mode === 'splice' ? new SpliceGate(this.shown) : undefined;
    this.holding = mode === 'fresh' && this.holdBack !== undefined && this.shown.length === 0;
    this.held = '';
    this.heldPieces = 0;
  }

  push(text: string): void {
    this.attemptText += text;
    if (this.gate) {
      const step = this.gate.push(text);
      if (step.kind === 'pass') {
        if (step.text) this.show(step.text);
      } else if (step.kind === 'diverged') this.diverge(step.text);
      return;
    }
    if (!this.holding) {
      this.show(text);
      return;
    }
    this.held += text;
    this.heldPieces++;
    const window = this.holdBack as HoldBackConfig;
    if (window.tokens !== undefined && this.heldPieces >= window.tokens) this.release();
    else if (this.heldPieces === 1 && window.ms !== undefined) {
      this.cancelTimer = setTimer(this.clock, window.ms, () => this.release());
    }
  }

  complete(): string {
    if (this.gate) {
      const step = this.gate.end();
      if (step.kind === 'diverged') this.diverge(step.text);
    }
    this.release();
    return this.base + this.attemptText;
  }

  abandon(): void {
    this.stopHolding();
    this.gate = undefined;
  }

  /** Discards the text shown: a `reset` when there is any. */
  reset(reason: FailureReason): void {
    this.abandon();
    if (this.shown.length === 0) return;
    this.emit({ type: 'reset', lane: this.lane, reason });
    this.shown = '';
  }

  private show(text: string): void {
    this.emit({ type: 'delta', lane: this.lane, text });
    this.shown += text;
  }

  /** The restarted answer is not the one shown: the client starts over with it. */
  private diverge(said: string): void {
    this.gate = undefined;
    this.reset(this.cause);
    if (said) this.show(said);
  }

  /** Shows what the hold-back window held, and ends the window. */
  private release(): void {
    const held = this.held;
    this.stopHolding();
    if (held) this.show(held);
  }

  private stopHolding(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.holding = false;
    this.held = '';
    this.heldPieces = 0;
  }
}
