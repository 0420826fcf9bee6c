import {
  type AnswerState,
  type AnswerStatus,
  answerLane,
  type FailureReason,
  isUpgraded,
  type RevealMode,
} from '@cascadekit/core';
import type { HTMLAttributes, ReactNode } from 'react';
import { useCascadeContext } from '../context/cascade-context.js';
import { useMessageId } from '../context/message-context.js';
import { useCascadeMessage } from '../hooks/use-cascade-message.js';
import { type CascadeLabels, DEFAULT_LABELS, type ReasonLabels, useLabels } from '../labels/labels.js';
import { useReasonLabels } from '../labels/use-reasons.js';
import { type AsChildProps, partClass, renderPart } from './slot.js';

/** The default status words (`labels.status`), kept under this name for existing imports. */
export const STATUS_LABELS: Readonly<Record<AnswerStatus, string>> = DEFAULT_LABELS.status;

/** Props of {@link Status}. */
export interface StatusProps extends Omit<HTMLAttributes<HTMLParagraphElement>, 'children' | 'id'>, AsChildProps {
  /** Message id; defaults to the enclosing `<CascadeChat.Message>`. */
  id?: string;
  /** Custom content from the status and detail. With `asChild`: your element instead. */
  children?: ((status: AnswerStatus, detail: StatusDetail) => ReactNode) | ReactNode;
}

/** Extra facts behind a status, for custom renderers. */
export interface StatusDetail {
  /** The final text replaced a draft (see `isUpgraded`). */
  upgraded: boolean;
  /** Model of the lane that stands or is working (the default status line leaves it to the trace). */
  model: string | undefined;
  /**
   * Why the answer is draft-only, accepted, failed or cut off, in plain words (`labels.reasons`;
   * `undefined` for the moment their chunk takes to load).
   */
  message: string | undefined;
  /** The status in words, as the default line shows it. */
  label: string;
}

type Reasons = ReasonLabels;

/** Why an answer stands as it does, in plain words; `undefined` when nothing needs saying. */
export function statusReason(a: AnswerState, reasons: Reasons | undefined): string | undefined {
  if (!reasons) return undefined;
  const failed = (reason: FailureReason | undefined) => (reason ? reasons[reason] : undefined);
  switch (a.status) {
    case 'draft-only':
      return failed(a.final.failure?.reason) ?? failed(a.error?.code as FailureReason) ?? reasons.unknown;
    case 'accepted':
      return a.acceptedBy === 'user' ? reasons.acceptedByUser : reasons.acceptedByCheck;
    case 'incomplete':
      return reasons.incomplete;
    case 'interrupted':
      return reasons.interrupted;
    case 'error': {
      const code = a.error?.code;
      // The client's own sentences for these are plain ("The server answered 500 …", "Could not reach …").
      if (code === 'http' || code === 'network') return a.error?.message;
      if (code && code in reasons) return reasons[code as keyof Reasons] as string;
      const why = failed(a.final.failure?.reason ?? a.draft.failure?.reason) ?? reasons.unknown;
      return a.draft.status === 'failed' && a.final.status === 'failed' ? `${reasons.bothFailed} ${why}` : why;
    }
    default:
      return undefined;
  }
}

/** The status in words: the improved, live and user-accepted variants refine the plain status. */
export function statusLabel(a: AnswerState, words: CascadeLabels['status'], reveal: RevealMode): string {
  if (a.status === 'final' && isUpgraded(a)) return words.improved;
  // `reveal="stream"`: the final text shows while it still streams (even before the draft is done).
  if ((a.status === 'refining' || a.status === 'drafting') && answerLane(a, reveal) === 'final') return words.live;
  if (a.status === 'accepted' && a.acceptedBy === 'user') return words.acceptedByUser;
  return words[a.status];
}

/**
 * The answer's state in end-user words: "Answering…", "Improving…", "Improved", "Quick answer —
 * couldn't improve" with the reason in plain words, "Stopped", "Cut off" … Model names stay in
 * the trace. `data-status` carries the machine value (and `data-upgraded`, `data-accepted-by`).
 *
 * @example
 * ```tsx
 * <CascadeChat.Status>{(status, { label }) => <Badge tone={status}>{label}</Badge>}</CascadeChat.Status>
 * ```
 */
export function Status({ id: idProp, children, className, asChild, ...rest }: StatusProps) {
  const id = useMessageId('CascadeChat.Status', idProp);
  const { reveal } = useCascadeContext('CascadeChat.Status');
  const labels = useLabels();
  const reasons = useReasonLabels();
  const picked =
    useCascadeMessage(id, (a) => {
      const lane = a.status === 'refining' ? 'final' : (answerLane(a) ?? 'draft');
      return [
        a.status,
        isUpgraded(a),
        a[lane].model,
        statusReason(a, reasons),
        statusLabel(a, labels.status, reveal),
        a.acceptedBy,
      ] as const;
    }) ?? [];
  const [status, upgraded, model, message, label = '', acceptedBy] = picked;
  if (status === undefined) return null;
  const detail: StatusDetail = { upgraded: upgraded === true, model, message, label };
  const content =
    typeof children === 'function' ? (
      children(status, detail)
    ) : (
      <>
        <span className="ck-status-label">{label}</span>
        {message && <span className="ck-status-detail">{message}</span>}
      </>
    );
  return renderPart(
    'p',
    {
      ...rest,
      asChild,
      children: typeof children === 'function' ? undefined : children,
      className: partClass('ck-status', className),
      'data-status': status,
      'data-upgraded': upgraded ? '' : undefined,
      'data-accepted-by': acceptedBy,
    },
    content,
  );
}
