import { Copy } from '../parts/copy.js';
import { Cost } from '../parts/cost.js';
import { Edit } from '../parts/edit.js';
import { Feedback } from '../parts/feedback.js';

export { Health } from '../parts/health.js';
export { JumpToLatest } from '../parts/jump-to-latest.js';
export { Time } from '../parts/time.js';

import { Regenerate, Retry } from '../parts/retry.js';
import { ShowChanges } from '../parts/show-changes.js';
import { Time } from '../parts/time.js';
import { Trace } from '../parts/trace.js';

// The first date a page formats costs 40–110 ms (the browser loads its locale data): done while
// idle once this chunk arrives (the chat loads it when it mounts), so an empty chat's first
// message does not pay it inside the send, where its time shows.
if (typeof requestIdleCallback === 'function') requestIdleCallback(() => new Date().toLocaleString());

/** What the drop-in chat shows below a message's text. */
export interface MessageExtrasProps {
  role: 'user' | 'assistant';
  timestamps: boolean;
  feedback: boolean;
}

/**
 * `<CascadeChat>`'s row of actions under each message (with the time, for a question), then (for an
 * answer) its cost and trace. An answer's time sits in its status line instead, so its row fits
 * one line on a phone.
 * A chunk of its own that the chat starts loading when it mounts, so the first paint (the
 * composer and an empty conversation) does not wait for it; its row keeps its height meanwhile.
 * @internal
 */
export function MessageExtras({ role, timestamps, feedback }: MessageExtrasProps) {
  return role === 'user' ? (
    <div className="ck-actions">
      {timestamps && <Time />}
      <Copy />
      <Edit />
    </div>
  ) : (
    <>
      <div className="ck-actions">
        <Copy />
        <Retry />
        <Regenerate />
        <ShowChanges />
        {feedback && <Feedback />}
      </div>
      <Cost />
      <Trace />
    </>
  );
}
