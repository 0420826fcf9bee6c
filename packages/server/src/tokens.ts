import type { ChatMessage } from '@cascadekit/core';

/**
 * Rough token estimate (about four characters per token, at least one per word piece),
 * used when a provider reports no usage. Good enough for cost estimates, not billing.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Estimated input tokens of a conversation, with a small per-message overhead. */
export function estimateMessageTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + estimateTokens(m.content), 0);
}
