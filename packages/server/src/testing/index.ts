/**
 * Test helpers of `@cascadekit/server/testing` (Node only): local upstreams that speak the exact
 * OpenAI and Anthropic streaming formats and inject faults on demand, for tests and benchmarks.
 */
export { MID_STREAM_FAULTS, type MidStreamFault } from './mid-stream-faults.js';
export { PREFILL_REFUSED } from './prefill.js';
export { anthropicWireFormat, startAnthropicUpstream } from './upstream-anthropic.js';
export { openaiWireFormat, startOpenAIUpstream } from './upstream-openai.js';
export type { FakeUpstream, RecordedRequest, UpstreamScript, WireFormat } from './upstream-server.js';
export { DEFAULT_TOKENS, sseFrame, startUpstream } from './upstream-server.js';
