export type { AnswerError, AnswerState, AnswerStatus, AttemptInfo, ClientEvent, LaneState } from './cascade/answer';
export { answerText, createAnswer, reduceAnswer, TERMINAL_STATUSES } from './cascade/answer';
export type { CascadeClient, CascadeClientOptions } from './client/cascade-client';
export { createCascadeClient } from './client/cascade-client';
export type { Scheduler } from './client/scheduler';
export { frameScheduler, immediateScheduler, intervalScheduler } from './client/scheduler';
export type { StreamCascadeOptions } from './client/transport';
export { streamCascade } from './client/transport';
export type { CascadeErrorCode } from './errors';
export { CascadeError } from './errors';
export type { MergePart, MergeView } from './merge/merge';
export { mergeAppend, mergeReplace } from './merge/merge';
export type { DecodeOptions } from './protocol/decode';
export { decodeEventStream } from './protocol/decode';
export { encodeComment, encodeEvent, eventsToSseStream, SSE_HEADERS } from './protocol/encode';
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
  ResetEvent,
  SettledEvent,
  TurnStartEvent,
  TurnSummary,
  Usage,
  ValidationEvent,
} from './protocol/events';
export { isCascadeEventType, LANES, PROTOCOL_VERSION } from './protocol/events';
export type {
  AssistantMessage,
  CascadeStore,
  ConversationMessage,
  ConversationState,
  UserMessage,
} from './store/conversation-store';
export {
  createCascadeStore,
  createMessageId,
  settledAssistantMessage,
  toChatHistory,
} from './store/conversation-store';
export type { ValidationResult, Validator } from './validate/validators';
export { json, nonEmpty, pattern, predicate, runValidators, schema } from './validate/validators';
