/**
 * Test helpers of `@cascadekit/server/testing` (Node only): local upstreams that speak the exact
 * OpenAI and Anthropic streaming formats and inject faults on demand, for tests and benchmarks.
 */
export { anthropicWireFormat, startAnthropicUpstream } from './upstream-anthropic.js';
export { openaiWireFormat, startOpenAIUpstream } from './upstream-openai.js';
export type { FakeUpstream, MidStreamFault, RecordedRequest, UpstreamScript, WireFormat } from './upstream-server.js';
export { DEFAULT_TOKENS, MID_STREAM_FAULTS, PREFILL_REFUSED, sseFrame, startUpstream } from './upstream-server.js';
