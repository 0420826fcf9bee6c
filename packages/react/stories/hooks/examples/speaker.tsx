import { useConversationMessage, useLabels } from '@cascadekit/react';

/**
 * Names who speaks with the kit's own words, through `useLabels`: inside a `<ChatRoot labels>` it
 * follows the app's wording (or translation), as the kit's parts do.
 */
export function Speaker({ id }: { id: string }) {
  const labels = useLabels();
  const role = useConversationMessage(id, (m) => m?.role);
  if (role === undefined) return null;
  return <strong className="speaker">{role === 'user' ? labels.chat.you : labels.chat.assistant}</strong>;
}
