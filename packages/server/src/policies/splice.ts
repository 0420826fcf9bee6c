/** What a {@link SpliceGate} makes of a piece of the restarted answer. */
export type SpliceStep =
  /** Still behind the text shown, and equal to it so far: nothing to show yet. */
  | { kind: 'hold' }
  /** Past the text shown (now or before): `text` is new and may stream on (may be empty). */
  | { kind: 'pass'; text: string }
  /** The restarted answer differs from the text shown: `text` is all it said so far. */
  | { kind: 'diverged'; text: string };

/**
 * Restart and splice, without mixing two models' text: the restarted answer is held until it has
 * passed `shown` (the text the client holds). When it begins with exactly that text, what
 * follows streams on and the client sees one seamless answer; when it differs, or ends before it
 * got there, it has diverged. Each piece is compared where it lands, so the check costs the
 * answer's length once.
 *
 * @example
 * ```ts
 * const gate = new SpliceGate('The quick');
 * gate.push('The qu'); // { kind: 'hold' }
 * gate.push('ick brown'); // { kind: 'pass', text: ' brown' }
 * ```
 */
export class SpliceGate {
  /** The restarted answer so far. */
  private said = '';
  private passed = false;
  private diverged = false;

  constructor(private readonly shown: string) {}

  /** Takes the next piece of the restarted answer. */
  push(text: string): SpliceStep {
    if (this.passed) return { kind: 'pass', text };
    const at = this.said.length;
    this.said += text;
    if (this.diverged) return { kind: 'diverged', text: this.said };
    const overlap = Math.min(text.length, this.shown.length - at);
    if (!this.shown.startsWith(text.slice(0, overlap), at)) {
      this.diverged = true;
      return { kind: 'diverged', text: this.said };
    }
    if (this.said.length < this.shown.length) return { kind: 'hold' };
    this.passed = true;
    return { kind: 'pass', text: this.said.slice(this.shown.length) };
  }

  /**
   * The restarted answer is complete: `pass` when it began with the text shown (the rest, if
   * any, went out already), else `diverged` with all it said (it ended before the text shown).
   */
  end(): SpliceStep {
    if (this.passed || this.said === this.shown) return { kind: 'pass', text: '' };
    this.diverged = true;
    return { kind: 'diverged', text: this.said };
  }
}
