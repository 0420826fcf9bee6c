import { type ActionLabels, useLabels } from './labels.js';

/**
 * Hours and minutes in the browser's locale, as `toLocaleTimeString(undefined, { hour, minute })`
 * writes them. One formatter, made on first use: `toLocaleTimeString` with options builds a new
 * one per call (~0.4 ms), which a long conversation paid once per message.
 */
let hoursMinutes: Intl.DateTimeFormat | undefined;
const formatTime = (date: Date) => {
  hoursMinutes ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return hoursMinutes.format(date);
};

/** The default words of the actions, time and cost under each message (`labels.actions`), shipped with them. */
export const ACTION_LABELS: ActionLabels = {
  retry: 'Retry',
  regenerate: 'Regenerate',
  copy: 'Copy',
  copied: 'Copied',
  copyCode: 'Copy code',
  edit: 'Edit',
  save: 'Save and send',
  cancel: 'Cancel',
  editInput: 'Edit message',
  good: 'Good answer',
  bad: 'Bad answer',
  feedback: 'Rate this answer',
  showChanges: 'Show changes',
  hideChanges: 'Hide changes',
  cost: (usd) => `Cost ${usd}`,
  saved: (usd, percent) => `saved ${usd} (${percent}%) against the large model alone`,
  extra: (usd, percent) => `${usd} (${percent}%) more than the large model alone`,
  time: formatTime,
};

/** The actions' words in force: the app's `labels.actions` over `ACTION_LABELS`. */
export function useActionLabels(): ActionLabels {
  return { ...ACTION_LABELS, ...useLabels().actions };
}
