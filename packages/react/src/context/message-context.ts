import { createContext, useContext } from 'react';

/** @internal Id of the message a part belongs to. */
export const MessageIdContext = createContext<string | null>(null);

/**
 * The id of the enclosing `<CascadeChat.Message>`, or the given one.
 * @internal
 */
export function useMessageId(part: string, id?: string): string {
  const fromContext = useContext(MessageIdContext);
  const resolved = id ?? fromContext;
  if (resolved === null) throw new Error(`${part} needs an \`id\` prop or an enclosing <CascadeChat.Message>.`);
  return resolved;
}
