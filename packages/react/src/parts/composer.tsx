import {
  type ChangeEvent,
  type FormEvent,
  type FormHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useStore } from 'zustand';
import { useCascadeChat } from '../hooks/use-cascade-chat.js';
import { useLabels } from '../labels/labels.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** What {@link ComposerProps.render} receives to build a composer of its own. */
export interface ComposerState {
  text: string;
  setText(text: string): void;
  /** Sends the text (or shows the wait hint when the answer above has nothing readable yet). */
  submit(): void;
  /** Sending works now (see `canSend` in core: false while the answer above has nothing readable yet). */
  canSend: boolean;
  /** Send was pressed while `canSend` was false: say why. */
  waiting: boolean;
}

/** Props of {@link Composer}. */
export interface ComposerProps
  extends Omit<FormHTMLAttributes<HTMLFormElement>, 'children' | 'onSubmit'>,
    AsChildProps {
  /** Placeholder of the input. Default `labels.chat.placeholder`. */
  placeholder?: string;
  /** Accessible label of the input. Default `labels.chat.input` ("Message"). */
  label?: string;
  /** Extra controls after the Send button, e.g. `<CascadeChat.Stop />`. With `asChild`: your form element. */
  children?: ReactNode;
  /** Builds the whole inside of the form from the composer's state instead of the input and Send. */
  render?: (composer: ComposerState) => ReactNode;
}

const sizesItself = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content') === true;

/**
 * The input and its Send button. Enter sends, Shift+Enter adds a line, and the input grows with
 * its text (up to a maximum, then it scrolls). The composer is never locked while a readable
 * answer exists: during refinement Send follows `whileRefining`. While the answer above has
 * nothing readable yet (waiting for its first words, or its draft still streaming) Send waits:
 * the text stays in the box and pressing Send says why ("Send works as soon as …"), until the
 * draft is complete, usually a second or two. Stop ends the turn at any time.
 *
 * @example
 * ```tsx
 * <CascadeChat.Composer placeholder="Ask anything">
 *   <CascadeChat.Stop />
 * </CascadeChat.Composer>
 * ```
 */
export function Composer({ placeholder, label, children, className, asChild, render, ...rest }: ComposerProps) {
  const { send, client } = useCascadeChat();
  const labels = useLabels();
  const canSend = useStore(client.store, (s) => client.canSend(s));
  const [text, setText] = useState('');
  const [waiting, setWaiting] = useState(false);
  const hint = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (canSend) setWaiting(false);
  }, [canSend]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per text change, to fit the new text
  useLayoutEffect(() => {
    const element = input.current;
    if (!element || sizesItself) return;
    // Grows with its text where CSS `field-sizing: content` is missing (one layout per keystroke).
    element.style.height = 'auto';
    element.style.height = `${element.scrollHeight + element.offsetHeight - element.clientHeight}px`;
  }, [text]);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (text.trim() === '') return;
    if (!canSend) return setWaiting(true);
    setText('');
    send(text).catch(() => {});
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };
  const content = render ? (
    render({ text, setText, submit: () => submit(), canSend, waiting })
  ) : (
    <>
      <textarea
        ref={input}
        className="ck-input"
        aria-label={label ?? labels.chat.input}
        aria-describedby={waiting ? hint : undefined}
        placeholder={placeholder ?? labels.chat.placeholder}
        rows={1}
        value={text}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button
        type="submit"
        className="ck-button ck-send"
        disabled={text.trim() === ''}
        aria-disabled={canSend ? undefined : true}
        aria-describedby={waiting ? hint : undefined}
      >
        {labels.chat.send}
      </button>
      {asChild ? null : children}
      {waiting && (
        <p id={hint} className="ck-composer-hint" role="status">
          {labels.chat.wait}
        </p>
      )}
    </>
  );
  return renderPart(
    'form',
    {
      ...rest,
      asChild,
      children: asChild ? children : undefined,
      className: partClass('ck-composer', className),
      onSubmit: submit,
    },
    content,
  );
}
