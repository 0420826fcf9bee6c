import { type FormEvent, type FormHTMLAttributes, type KeyboardEvent, type ReactNode, useState } from 'react';
import { useCascadeChat } from '../hooks/use-cascade-chat.js';

/** Props of {@link Composer}. */
export interface ComposerProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'children' | 'onSubmit'> {
  placeholder?: string;
  /** Accessible label of the input. Default "Message". */
  label?: string;
  /** Extra controls after the Send button, e.g. `<CascadeChat.Stop />`. */
  children?: ReactNode;
}

/**
 * The input and its "Send" button. Enter sends, Shift+Enter adds a line. The text is
 * cleared once sent; Send is disabled while a turn runs or the input is blank.
 *
 * @example
 * ```tsx
 * <CascadeChat.Composer placeholder="Ask anything">
 *   <CascadeChat.Stop />
 * </CascadeChat.Composer>
 * ```
 */
export function Composer({
  placeholder = 'Ask a question…',
  label = 'Message',
  children,
  className,
  ...rest
}: ComposerProps) {
  const { send, isRunning } = useCascadeChat();
  const [text, setText] = useState('');
  const canSend = !isRunning && text.trim() !== '';
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    setText('');
    send(text).catch(() => {});
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };
  return (
    <form {...rest} className={className ? `ck-composer ${className}` : 'ck-composer'} onSubmit={submit}>
      <textarea
        className="ck-input"
        aria-label={label}
        placeholder={placeholder}
        rows={1}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="ck-button ck-send" disabled={!canSend}>
        Send
      </button>
      {children}
    </form>
  );
}
