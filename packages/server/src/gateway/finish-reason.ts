/** Anthropic's stop reasons in OpenAI's words; other reasons (OpenAI's own included) pass as they are. */
const OPENAI_FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** `finish_reason` of the answer: the serving attempt's own when its upstream gave one, else `stop`. */
export function openaiFinishReason(reason: string | undefined): string {
  if (!reason) return 'stop';
  return Object.hasOwn(OPENAI_FINISH_REASONS, reason) ? (OPENAI_FINISH_REASONS[reason] as string) : reason;
}
