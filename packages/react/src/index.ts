export type {
  AnswerDetails,
  ConversationStorage,
  EarlyAccept,
  Feedback as Rating,
  PersistErrorCode,
  PersistOptions,
  RevealMode,
  SavedConversation,
  WhileRefining,
} from '@cascadekit/core';
// The answer views live in core, so every UI derives them the same way; re-exported for convenience.
export { answerDetails, answerLane, answerText, isUpgraded, standingText } from '@cascadekit/core';
export type { CascadeChatProps } from './chat/cascade-chat.js';
export { CascadeChat } from './chat/cascade-chat.js';
export type { MergeMode } from './context/cascade-context.js';
export type { CascadeProviderProps } from './context/cascade-provider.js';
export { CascadeProvider } from './context/cascade-provider.js';
export { cascadeAnswerKey } from './hooks/cached-answer.js';
export type { AutoScroll } from './hooks/use-auto-scroll.js';
export { useAutoScroll } from './hooks/use-auto-scroll.js';
export type { UseCascadeOptions, UseCascadeResult } from './hooks/use-cascade.js';
export { useCascade } from './hooks/use-cascade.js';
export type { UseCascadeChatOptions, UseCascadeChatResult } from './hooks/use-cascade-chat.js';
export { useCascadeChat } from './hooks/use-cascade-chat.js';
export { useCascadeMessage, useConversationMessage } from './hooks/use-cascade-message.js';
export type { CascadeLabels, LabelsInput } from './labels/labels.js';
export { DEFAULT_LABELS, useLabels } from './labels/labels.js';
export type { MarkdownProps } from './markdown/markdown.js';
export { Markdown } from './markdown/markdown.js';
// Each headless part by its own name too (`ChatText` is `CascadeChat.Text`): an app that imports
// only the parts it composes ships only those, not the whole drop-in chat.
export type { ButtonPartProps } from './parts/button-part.js';
export type { ComposerProps, ComposerState } from './parts/composer.js';
export { Composer as ChatComposer } from './parts/composer.js';
export type { CopyProps } from './parts/copy.js';
export { Copy as ChatCopy } from './parts/copy.js';
export type { CostProps } from './parts/cost.js';
export { Cost as ChatCost } from './parts/cost.js';
export type { EditProps } from './parts/edit.js';
export { Edit as ChatEdit } from './parts/edit.js';
export type { FeedbackEvent, FeedbackProps } from './parts/feedback.js';
export { Feedback as ChatFeedback } from './parts/feedback.js';
export type { HealthProps } from './parts/health.js';
export { Health as ChatHealth } from './parts/health.js';
export type { JumpToLatestProps } from './parts/jump-to-latest.js';
export { JumpToLatest as ChatJumpToLatest } from './parts/jump-to-latest.js';
export type { MessageProps } from './parts/message.js';
export { Message as ChatMessage } from './parts/message.js';
export type { MessagesProps } from './parts/messages.js';
export { Messages as ChatMessages } from './parts/messages.js';

export type { RegenerateProps, RetryProps } from './parts/retry.js';
export { Regenerate as ChatRegenerate, Retry as ChatRetry } from './parts/retry.js';
export type { RootProps } from './parts/root.js';
export { Root as ChatRoot } from './parts/root.js';
export type { ShowChangesProps } from './parts/show-changes.js';
export { ShowChanges as ChatShowChanges } from './parts/show-changes.js';
export type { AsChildProps } from './parts/slot.js';
export type { StatusDetail, StatusProps } from './parts/status.js';
export { STATUS_LABELS, Status as ChatStatus } from './parts/status.js';
export type { StopProps } from './parts/stop.js';
export { Stop as ChatStop } from './parts/stop.js';
export type { TextProps } from './parts/text.js';
export { Text as ChatText } from './parts/text.js';
export type { TimeProps } from './parts/time.js';
export { Time as ChatTime } from './parts/time.js';
export type { TraceProps } from './parts/trace.js';
export { Trace as ChatTrace } from './parts/trace.js';
export type { ModelHealth, UseCascadeHealthOptions, UseCascadeHealthResult } from './query/use-cascade-health.js';
export { useCascadeHealth } from './query/use-cascade-health.js';
export { mergeDiff } from './view/merge-diff.js';
export { mergeTexts } from './view/merge-texts.js';
