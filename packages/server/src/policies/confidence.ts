import type { ConfidenceConfig, ScorerContext } from '../config/types.js';

/** Confidence of an answer in 0..1 and where it came from. */
export interface ConfidenceVerdict {
  ok: boolean;
  score?: number;
  source: 'logprobs' | 'scorer' | 'none';
}

/** Geometric-mean token probability, `exp(mean logprob)`, in 0..1. */
export function confidenceFromLogprobs(sum: number, tokens: number): number {
  if (tokens <= 0) return 1;
  return Math.exp(sum / tokens);
}

/**
 * Checks an answer against the confidence threshold: from token log-probabilities when the
 * provider returned them, else from the configured scorer; with neither it passes.
 */
export async function checkConfidence(
  config: ConfidenceConfig | undefined,
  text: string,
  logprob: { sum: number; tokens: number } | undefined,
  context: Omit<ScorerContext, 'meanLogprob'>,
): Promise<ConfidenceVerdict> {
  if (!config) return { ok: true, source: 'none' };
  if (logprob && logprob.tokens > 0) {
    const score = confidenceFromLogprobs(logprob.sum, logprob.tokens);
    return { ok: score >= config.threshold, score, source: 'logprobs' };
  }
  if (!config.scorer) return { ok: true, source: 'none' };
  const score = await config.scorer(text, context);
  return { ok: Number.isFinite(score) && score >= config.threshold, score, source: 'scorer' };
}
