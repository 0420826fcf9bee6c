export type { AcceptedBy, AnswerError, AnswerState, AnswerStatus, AttemptInfo, LaneState } from './cascade/answer.js';
export { TERMINAL_STATUSES } from './cascade/answer.js';
export type { AnswerDetails } from './cascade/answer-details.js';
export { answerDetails } from './cascade/answer-details.js';
export type { RevealMode } from './cascade/answer-view.js';
export { answerLane, answerText, isUpgraded, standingText } from './cascade/answer-view.js';
export type { CascadeClient, CascadeClientOptions, WhileRefining } from './client/cascade-client.js';
export { createCascadeClient } from './client/cascade-client.js';
export type { EarlyAccept } from './client/early-accept.js';
export type { Scheduler } from './client/scheduler.js';
export { frameScheduler, immediateScheduler, intervalScheduler } from './client/scheduler.js';
export type { StreamCascadeOptions } from './client/transport.js';
export { streamCascade } from './client/transport.js';
export type { CascadeErrorCode } from './errors.js';
export { CascadeError } from './errors.js';
export type { MergePart, MergeView } from './merge/merge.js';
export { mergeAppend, mergeReplace } from './merge/merge.js';
export type { IndexedDbAdapterOptions } from './persist/indexed-db.js';
export { indexedDbAdapter } from './persist/indexed-db.js';
export type { LocalStorageAdapterOptions } from './persist/local-storage.js';
export { localStorageAdapter } from './persist/local-storage.js';
export type { PersistErrorCode } from './persist/persist-error.js';
export { PersistError } from './persist/persist-error.js';
export type { ConversationStorage, PersistOptions, SavedConversation } from './persist/storage.js';
export { PERSIST_VERSION } from './persist/storage.js';
export type { DecodeOptions } from './protocol/decode.js';
export { decodeEventStream } from './protocol/decode.js';
export { encodeComment, encodeEvent, eventsToSseStream, SSE_HEADERS } from './protocol/encode.js';
export type {
  AttemptFailedEvent,
  AttemptReport,
  AttemptStartEvent,
  BreakerEvent,
  BreakerState,
  CascadeEvent,
  CascadeEventType,
  CascadeRequest,
  ChatMessage,
  DeltaEvent,
  DoneEvent,
  ErrorEvent,
  FailureReason,
  Lane,
  LaneDoneEvent,
  LaneFailedEvent,
  LaneFailureCode,
  ResetEvent,
  SettledEvent,
  TurnStartEvent,
  TurnSummary,
  Usage,
  ValidationEvent,
} from './protocol/events.js';
export { LANES, PROTOCOL_VERSION } from './protocol/events.js';
export type {
  AssistantMessage,
  CascadeStore,
  ConversationMessage,
  ConversationState,
  Feedback,
  UserMessage,
} from './store/conversation-store.js';
export { createCascadeStore } from './store/conversation-store.js';
export type { ValidationResult, Validator, ValidatorContext } from './validate/validators.js';
// `untilAborted` is internal (see ./internal); it stays here until @cascadekit/server imports it from there.
export { json, nonEmpty, pattern, predicate, runValidators, schema, untilAborted } from './validate/validators.js';
