/**
 * `@cascadekit/core/internal`: what cascadekit's own packages share beyond the public API. No
 * stability promise: names here may change in any release. Used by `@cascadekit/react`
 * (`createMessageId`, to show a cached answer) and `@cascadekit/server` (`untilAborted`; and
 * `EARLY_ACCEPT_MESSAGE`, the words both sides use for an early-accepted draft).
 * @packageDocumentation
 */

export { EARLY_ACCEPT_MESSAGE } from './client/early-accept.js';
export { createMessageId } from './store/conversation-store.js';
export { untilAborted } from './validate/validators.js';
