import type { AnswerState, AssistantMessage, CascadeStore } from '@cascadekit/core';
import { createMessageId } from '@cascadekit/core/internal';

/** Query key under which `useCascade` caches a final answer. Exported for invalidation. */
export function cascadeAnswerKey(input: string, chain?: string, endpoint = '/api/cascade') {
  return ['cascade', 'answer', endpoint, chain ?? null, input] as const;
}

/**
 * Shows a cached, settled answer to `input` as the whole conversation, without a request.
 * @internal
 */
export function showCachedAnswer(store: CascadeStore, input: string, answer: AnswerState): void {
  const userId = createMessageId('u');
  const reply: AssistantMessage = { id: createMessageId('a'), role: 'assistant', replyTo: userId, answer };
  store.setState({
    ids: [userId, reply.id],
    byId: { [userId]: { id: userId, role: 'user', content: input, createdAt: Date.now() }, [reply.id]: reply },
    running: [],
    activeId: null,
  });
}
