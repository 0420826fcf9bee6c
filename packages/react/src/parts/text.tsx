import { answerLane, isUpgraded, type MergeView } from '@cascadekit/core';
import { type HTMLAttributes, type ReactNode, useEffect, useMemo, useRef } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { useLabels } from '../labels/labels.js';
import { Markdown } from '../markdown/markdown.js';
import { mergeView } from '../view/merge-view.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** Props of {@link Text}. */
export interface TextProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
  /** Renders a piece of answer text. Default: safe, incremental markdown. */
  render?: (text: string) => ReactNode;
  /**
   * How long (ms) the sentences that changed stay marked when the final text replaces the draft
   * (`merge="replace"`). Default 3000; `0` marks nothing. With `merge="diff"` they stay marked.
   */
  swapDuration?: number;
  /** With `asChild`: your element, which the text fills. */
  children?: ReactNode;
}

const renderMarkdown = (text: string): ReactNode => <Markdown text={text} />;

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * The text of a message. For an answer: the answer lane's text (`answerLane`, per `reveal`),
 * merged with the draft per `merge` once upgraded. When the final text replaces the draft in
 * view, the sentences that changed are marked for a moment (CSS Custom Highlight API: no element
 * moves, so the only layout change is the new text's own height); with reduced motion the mark
 * goes without fading. With `reveal="stream"`, text still improving live carries `data-live`.
 * Re-renders only when the visible text changes.
 *
 * @example
 * ```tsx
 * <CascadeChat.Text render={(text) => <MyMarkdown source={text} />} />
 * ```
 */
export function Text({
  id: idProp,
  render = renderMarkdown,
  swapDuration = 3000,
  className,
  asChild,
  children,
  ...rest
}: TextProps) {
  const id = useMessageId('CascadeChat.Text', idProp);
  const { merge, reveal } = useCascadeContext('CascadeChat.Text');
  const labels = useLabels();
  const [role, text, lane, status, draft, final] = useConversationMessage(id, (m) => {
    if (m?.role !== 'assistant') return [m?.role, m?.content ?? ''] as const;
    const a = m.answer;
    const lane = answerLane(a, reveal);
    const upgraded = isUpgraded(a);
    // Draft and final are read only once upgraded, so final-lane tokens hidden behind
    // the draft cause no render.
    return [
      'assistant',
      lane ? a[lane].text : '',
      lane,
      a.status,
      upgraded ? a.draft.text : '',
      upgraded ? a.final.text : '',
    ] as const;
  });
  const view = useMemo<MergeView | null>(
    () => (draft ? mergeView(draft, final ?? '', merge) : null),
    [draft, final, merge],
  );
  const element = useRef<HTMLDivElement>(null);
  // The swap plays once, when this mount saw the draft first: a message mounted again later
  // shows the settled text without marks (`diff` keeps its marks whenever it shows).
  const sawDraft = useRef(false);
  if (role === 'assistant' && !draft && text) sawDraft.current = true;
  const persist = merge === 'diff';
  useEffect(() => {
    const target = element.current;
    if (!draft || !final || !target || view?.mode !== 'replace') return;
    if (!persist && (!sawDraft.current || swapDuration <= 0)) return;
    sawDraft.current = false;
    let live = true;
    let unmark = () => {};
    const timers: ReturnType<typeof setTimeout>[] = [];
    import('../view/swap-marks.js').then(({ markChanges }) => {
      if (!live) return;
      unmark = markChanges(target, draft, final, 'ck-changed');
      if (persist) return;
      // The mark fades in two steps (a lighter highlight, then none); with reduced motion in one.
      if (!reducedMotion()) {
        timers.push(
          setTimeout(() => {
            unmark();
            unmark = markChanges(target, draft, final, 'ck-changed-fading');
          }, swapDuration * 0.7),
        );
      }
      timers.push(setTimeout(() => unmark(), swapDuration));
    });
    return () => {
      live = false;
      for (const timer of timers) clearTimeout(timer);
      unmark();
    };
  }, [draft, final, view, persist, swapDuration]);

  const classes = partClass('ck-text', className);
  if (role === 'user') {
    return renderPart('div', { ...rest, asChild, children, className: `${classes} ck-text-user` }, text);
  }
  let body: ReactNode = render(text ?? '');
  if (view?.mode === 'append') {
    body = (
      <>
        <div className="ck-draft">{render(view.draft)}</div>
        <section className="ck-refinement" aria-label={labels.chat.refinedAnswer}>
          <p className="ck-refinement-label">{labels.chat.refinedAnswer}</p>
          {render(view.refinement)}
        </section>
      </>
    );
  } else if (view?.mode === 'diff') {
    // A merge function's own diff (e.g. `mergeDiff`): words marked inline, as plain text.
    body = (
      <p className="ck-diff">
        {view.parts.map((part, i) => {
          const Tag = part.kind === 'added' ? 'ins' : part.kind === 'removed' ? 'del' : 'span';
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one diff never reorder
          return <Tag key={i}>{part.text}</Tag>;
        })}
      </p>
    );
  } else if (view?.mode === 'replace') {
    body = render(view.text);
  }
  return renderPart(
    'div',
    {
      ...rest,
      asChild,
      children,
      ref: element,
      className: classes,
      'data-lane': lane ?? undefined,
      'data-merge': view?.mode,
      'data-status': status,
      'data-live': (status === 'refining' || status === 'drafting') && lane === 'final' ? '' : undefined,
    },
    body,
  );
}
