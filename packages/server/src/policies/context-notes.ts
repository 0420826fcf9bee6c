import type { ChatMessage, FailureReason } from '@cascadekit/core';

/** Why the previous model of the lane failed, as the next model should hear it. */
export interface FailureNote {
  model: string;
  reason: FailureReason;
  /** The validator's message, when validation failed. */
  validatorMessage?: string;
}

/**
 * Builds the note handed to the next model. Validation failures carry the validator's message
 * so the next model can repair the format; other failures say only that the previous model
 * did not finish (their details stay in the logs).
 */
export function describeFailure(note: FailureNote): string | undefined {
  switch (note.reason) {
    case 'validation':
      return `A previous answer to this conversation was rejected by a validator: ${
        note.validatorMessage ?? 'it did not have the required format'
      }. Answer again and make sure the answer satisfies that requirement.`;
    case 'low-confidence':
      return 'A previous answer to this conversation was rejected as not confident enough. Answer carefully.';
    default:
      return undefined;
  }
}

/** Appends the notes of earlier failures as one system message after the conversation. */
export function withContextNotes(messages: readonly ChatMessage[], notes: readonly FailureNote[]): ChatMessage[] {
  const lines = notes.map(describeFailure).filter((line): line is string => line !== undefined);
  if (lines.length === 0) return [...messages];
  return [...messages, { role: 'system', content: lines.join('\n') }];
}
