import { answerLane, isUpgraded, type MergeView } from '@cascadekit/core';
import { type HTMLAttributes, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useConversationMessage } from '../hooks/use-cascade-message.js';
import { Markdown } from '../markdown/markdown.js';
import { loadedMergeDiff, loadMergeDiff } from '../view/lazy-merge-diff.js';
import { mergeView } from '../view/merge-view.js';

/** Props of {@link Text}. */
export interface TextProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'id'> {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
  /** Renders a piece of answer text. Default: safe, incremental markdown. */
  render?: (text: string) => ReactNode;
  /** How long (ms) a `diff` view shows its inserted and removed words before it settles. Default 2500. */
  diffDuration?: number;
}

const renderMarkdown = (text: string): ReactNode => <Markdown text={text} />;

/** Turns (`id@startedAt`) whose diff highlight has played, per conversation store. */
const playedDiffs = new WeakMap<object, Set<string>>();

/**
 * The text of a message. For an answer: the lane that stands (or, with `reveal: 'stream'`,
 * the final lane once it overtakes the draft), merged with the draft per the provider's
 * `merge` mode once the answer is upgraded. Re-renders only when the visible text changes.
 *
 * @example
 * ```tsx
 * <CascadeChat.Text render={(text) => <MyMarkdown source={text} />} />
 * ```
 */
export function Text({ id: idProp, render = renderMarkdown, diffDuration = 2500, className, ...rest }: TextProps) {
  const id = useMessageId('CascadeChat.Text', idProp);
  const { client, merge, reveal } = useCascadeContext('CascadeChat.Text');
  const [role, text, lane, status, draft, final, startedAt] = useConversationMessage(
    id,
    useShallow((m) => {
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
        a.startedAt,
      ] as const;
    }),
  );
  // `diff` loads on first use of diff mode (here, when a Text mounts with it, ahead of the
  // upgrade); until then diff mode shows the plain final text.
  const [mergeDiff, setMergeDiff] = useState(loadedMergeDiff);
  const wantsDiff = merge === 'diff' && mergeDiff === undefined;
  useEffect(() => {
    if (!wantsDiff) return;
    let live = true;
    loadMergeDiff().then(
      (loaded) => live && setMergeDiff(() => loaded),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [wantsDiff]);
  const view = useMemo<MergeView | null>(
    () => (draft ? mergeView(draft, final ?? '', merge, mergeDiff) : null),
    [draft, final, merge, mergeDiff],
  );
  // One highlight per turn: a turn whose highlight has played shows the settled text when its
  // message mounts again (a retry is a new turn, with a new start, and plays again).
  const turnKey = `${id}@${startedAt}`;
  const [diffSettled, setDiffSettled] = useState(() => playedDiffs.get(client.store)?.has(turnKey) === true);
  const isDiff = view?.mode === 'diff';
  useEffect(() => {
    if (!isDiff) return;
    let played = playedDiffs.get(client.store);
    if (played?.has(turnKey)) {
      setDiffSettled(true);
      return;
    }
    setDiffSettled(false);
    const timer = setTimeout(() => {
      if (!played) {
        played = new Set();
        playedDiffs.set(client.store, played);
      }
      // Marked once it has played, not when it starts: a remount mid-highlight plays it again.
      played.add(turnKey);
      setDiffSettled(true);
    }, diffDuration);
    return () => clearTimeout(timer);
  }, [isDiff, diffDuration, turnKey, client.store]);

  const classes = className ? `ck-text ${className}` : 'ck-text';
  if (role === 'user') {
    return (
      <div {...rest} className={`${classes} ck-text-user`}>
        {text}
      </div>
    );
  }
  let body: ReactNode = render(text ?? '');
  if (view?.mode === 'append') {
    body = (
      <>
        <div className="ck-draft">{render(view.draft)}</div>
        <section className="ck-refinement" aria-label="Refined answer">
          <p className="ck-refinement-label">Refined answer</p>
          {render(view.refinement)}
        </section>
      </>
    );
  } else if (view?.mode === 'diff' && !diffSettled) {
    body = (
      <p className="ck-diff">
        {view.parts.map((part, i) =>
          part.kind === 'added' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: parts of one diff never reorder
            <ins key={i}>{part.text}</ins>
          ) : part.kind === 'removed' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: parts of one diff never reorder
            <del key={i}>{part.text}</del>
          ) : (
            part.text
          ),
        )}
      </p>
    );
  } else if (view?.mode === 'replace') {
    body = render(view.text);
  }
  return (
    <div {...rest} className={classes} data-lane={lane ?? undefined} data-merge={view?.mode} data-status={status}>
      {body}
    </div>
  );
}
