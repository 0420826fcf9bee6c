import { useConversationMessage } from '@cascadekit/react';

/** Who said it and when, for any message, through `useConversationMessage` (questions included). */
export function MessageLine({ id }: { id: string }) {
  const role = useConversationMessage(id, (m) => m?.role);
  const asked = useConversationMessage(id, (m) => (m?.role === 'user' ? m.content : undefined));
  if (role === undefined) return null;
  return <p className="message-line">{role === 'user' ? `You asked: “${asked}”` : 'The answer:'}</p>;
}
