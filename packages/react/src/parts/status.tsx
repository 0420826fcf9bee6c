import { type AnswerStatus, answerLane, isUpgraded } from '@cascadekit/core';
import type { HTMLAttributes, ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';

/** Readable label of each answer status, as the default `<CascadeChat.Status>` shows it. */
export const STATUS_LABELS: Readonly<Record<AnswerStatus, string>> = {
  pending: 'Waiting…',
  drafting: 'Drafting…',
  streaming: 'Answering…',
  refining: 'Refining…',
  final: 'Final',
  'draft-only': 'Draft only',
  accepted: 'Draft accepted',
  error: 'Error',
  stopped: 'Stopped',
  incomplete: 'Incomplete',
};

/** Props of {@link Status}. */
export interface StatusProps extends Omit<HTMLAttributes<HTMLParagraphElement>, 'children' | 'id'> {
  id?: string;
  /** Custom content from the status and detail. */
  children?: (status: AnswerStatus, detail: StatusDetail) => ReactNode;
}

/** Extra facts behind a status, for custom renderers. */
export interface StatusDetail {
  /** The final text replaced a draft (see `isUpgraded`). */
  upgraded: boolean;
  /** Model of the lane that stands or is working. */
  model: string | undefined;
  /** Why the answer is draft-only, accepted, failed, stopped or incomplete. */
  message: string | undefined;
}

/**
 * The answer's state in words: drafting, refining, final (with an "upgraded" mark),
 * draft-only, draft accepted, error, stopped or incomplete. `data-status` carries the machine value.
 *
 * @example
 * ```tsx
 * <CascadeChat.Status>{(status) => <Badge tone={status} />}</CascadeChat.Status>
 * ```
 */
export function Status({ id: idProp, children, className, ...rest }: StatusProps) {
  const id = useMessageId('CascadeChat.Status', idProp);
  const [status, upgraded, model, message] =
    useCascadeMessage(
      id,
      useShallow((a) => {
        const lane = a.status === 'refining' ? 'final' : (answerLane(a) ?? 'draft');
        const why =
          a.error?.message ??
          (a.status === 'draft-only' || a.status === 'accepted'
            ? (a.final.failure?.message ?? 'The refinement failed.')
            : undefined);
        return [a.status, isUpgraded(a), a[lane].model, why] as const;
      }),
    ) ?? [];
  if (status === undefined) return null;
  const detail: StatusDetail = { upgraded: upgraded === true, model, message };
  return (
    <p
      {...rest}
      className={className ? `ck-status ${className}` : 'ck-status'}
      data-status={status}
      data-upgraded={upgraded ? '' : undefined}
    >
      {children ? (
        children(status, detail)
      ) : (
        <>
          <span className="ck-status-label">{STATUS_LABELS[status]}</span>
          {status === 'final' && upgraded && <span className="ck-badge">upgraded</span>}
          {model && status !== 'error' && <span className="ck-status-model">{model}</span>}
          {message && status !== 'final' && <span className="ck-status-detail">{message}</span>}
        </>
      )}
    </p>
  );
}
