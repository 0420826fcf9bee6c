import type { RecordedRequest } from './upstream-server.js';

/** The message an upstream that refuses a prefill answers with (HTTP 400), in Anthropic's words. */
export const PREFILL_REFUSED =
  'This model does not support assistant message prefill. The conversation must end with a user message.';

/** The content of a request's last message when it is the assistant's (both formats' `messages`). */
export function trailingAssistant(request: RecordedRequest): string | undefined {
  const last = (request.body as { messages?: { role?: unknown; content?: unknown }[] } | undefined)?.messages?.at(-1);
  return last?.role === 'assistant' && typeof last.content === 'string' ? last.content : undefined;
}

/** The pieces of `answer` after `prefill` (the piece it ends in split); all of them when it is no prefix. */
export function continuation(answer: readonly string[], prefill: string): string[] {
  if (!answer.join('').startsWith(prefill)) return [...answer];
  const rest: string[] = [];
  let skip = prefill.length;
  for (const piece of answer) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      rest.push(piece.slice(skip));
      skip = 0;
    }
  }
  return rest;
}
