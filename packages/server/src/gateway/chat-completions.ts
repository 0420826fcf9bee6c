import type { AttemptReport, CascadeEvent, ChatMessage, Lane } from '@cascadekit/core';
import { Channel } from '../chain/channel.js';
import { FINISH_REASON, type LaneDoneWithFinish } from '../chain/lane.js';
import { clientSignal, directOf } from '../http/direct.js';
import { HttpError } from '../http/json-error.js';
import { type TextBodySource, textBodyResponse } from '../http/text-body.js';
import { type ChatCompletionRequest, parseChatCompletionRequest } from './chat-request.js';
import { GatewayError, gatewayErrorResponse, laneFailure } from './openai-error.js';

/**
 * What the gateway needs from the cascade handler (a subset of its `HandlerContext`).
 * `runChain`'s `lanes` option asks the runner to run only those lanes; a runner that ignores it
 * still works, the gateway then simply ignores the draft lane's events.
 */
export interface GatewayContext {
  chains: readonly string[];
  readBody(request: Request): Promise<string>;
  runChain(
    chain: string,
    messages: ChatMessage[],
    signal: AbortSignal,
    options?: { lanes?: readonly Lane[] },
  ): AsyncIterable<CascadeEvent>;
}

/** The lane the gateway serves: a chat-completions client can show one answer only. */
const LANE: Lane = 'final';

/** Anthropic's stop reasons in OpenAI's words; other reasons (OpenAI's own included) pass as they are. */
const OPENAI_FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** `finish_reason` of the answer: the serving attempt's own when its upstream gave one, else `stop`. */
export function openaiFinishReason(reason: string | undefined): string {
  if (!reason) return 'stop';
  return Object.hasOwn(OPENAI_FINISH_REASONS, reason) ? (OPENAI_FINISH_REASONS[reason] as string) : reason;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Tracks the final lane's progress through a turn's events. */
class FinalLane {
  /** Set from `turn-start`; a runner that sends none gets a random id. */
  private turnId: string | undefined;
  readonly created = Math.floor(Date.now() / 1000);
  /** Model of the attempt running now, then the serving model. */
  model: string | undefined;
  text: string | undefined;
  /** `finish_reason` of the serving attempt, once the lane is done. */
  finishReason = 'stop';
  failure: GatewayError | undefined;
  private readonly reports: AttemptReport[] = [];
  /** JSON text of a content chunk up to the delta's text, for `model` = {@link headModel}. */
  private head = '';
  private headModel: string | undefined;

  get id(): string {
    this.turnId ??= crypto.randomUUID();
    return `chatcmpl-${this.turnId}`;
  }

  /** Applies an event; returns the final lane's new text (a delta), if any. */
  apply(event: CascadeEvent): string | undefined {
    // Deltas first: nearly every event of a turn is one.
    if (event.type === 'delta') return event.lane === LANE ? event.text : undefined;
    if (event.type === 'turn-start') {
      this.turnId = event.turnId;
      this.headModel = undefined;
    }
    if (event.type === 'error') this.failure = new GatewayError(500, 'api_error', event.code, event.message);
    if (!('lane' in event) || event.lane !== LANE) return undefined;
    switch (event.type) {
      case 'attempt-start':
        this.model = event.model;
        return undefined;
      case 'attempt-failed':
        if (event.report) this.reports.push(event.report);
        return undefined;
      case 'lane-done':
        if (event.report) this.reports.push(event.report);
        this.model = event.model;
        this.text = event.text;
        this.finishReason = openaiFinishReason((event as LaneDoneWithFinish)[FINISH_REASON]);
        return undefined;
      case 'lane-failed':
        this.failure = laneFailure(event.reason, event.message);
        return undefined;
      default:
        return undefined;
    }
  }

  get finished(): boolean {
    return this.text !== undefined || this.failure !== undefined;
  }

  /** Tokens of every attempt of the lane (failed ones cost too), as OpenAI's `usage`. */
  usage(): Usage {
    let input = 0;
    let output = 0;
    for (const report of this.reports) {
      input += report.usage?.inputTokens ?? 0;
      output += report.usage?.outputTokens ?? 0;
    }
    return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  }

  chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return sse({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model ?? 'unknown',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
  }

  /**
   * `chunk({ content: text })`, byte for byte, with only the text serialized per token:
   * stringifying the whole chunk object per token was the gateway's largest own cost.
   */
  content(text: string): string {
    const model = this.model ?? 'unknown';
    if (this.headModel !== model) {
      this.headModel = model;
      const head = JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model });
      this.head = `data: ${head.slice(0, -1)},"choices":[{"index":0,"delta":{"content":`;
    }
    return `${this.head}${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`;
  }
}

function midStreamFailure(reset: boolean, lane: FinalLane): GatewayError {
  if (reset) {
    return new GatewayError(
      502,
      'upstream_error',
      'stream_reset',
      'The model failed mid-answer; the text so far is incomplete.',
    );
  }
  return lane.failure ?? new GatewayError(500, 'api_error', 'incomplete', 'The turn ended without an answer.');
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function headersFor(lane: FinalLane, extra: Record<string, string>): Record<string, string> {
  return { ...extra, 'x-cascade-model': lane.model ?? 'unknown', 'cache-control': 'no-cache, no-transform' };
}

/**
 * `POST /v1/chat/completions`: an OpenAI-compatible front door to a cascade chain. The
 * request's `model` names the chain; its **final** lane runs (a draft lane exists to be shown
 * and replaced, which a chat-completions client cannot do). The answer comes back as a
 * standard `chat.completion` or, with `stream: true`, as `chat.completion.chunk`s ending in
 * `[DONE]`; `model` and the `x-cascade-model` header name the serving model.
 *
 * Streaming responses start with the first token, so a lane that fails before any text gets
 * a proper HTTP error (502 upstream, 503 breaker open, 504 timeout). Once text has been sent it
 * cannot be taken back: a later `reset` (failover policy `restart`) or lane failure ends the
 * stream with an in-band `{"error":…}` chunk and no `[DONE]`, never with mixed text. Use
 * failover policy `continue` for seamless mid-stream failover through the gateway. Validators
 * judge the complete text, so a streaming client may already hold a rejected answer when the
 * error chunk arrives; ask without `stream` when only validated output may reach the caller.
 *
 * @example
 * ```ts
 * const handler = createCascadeHandler(config); // routes /v1/chat/completions to this
 * const openai = new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: 'unused' });
 * const answer = await openai.chat.completions.create({ model: 'support', messages });
 * ```
 */
export async function handleChatCompletions(request: Request, context: GatewayContext): Promise<Response> {
  try {
    const body = parseChatCompletionRequest(await readBody(request, context));
    if (!context.chains.includes(body.chain)) {
      throw new GatewayError(
        404,
        'invalid_request_error',
        'model_not_found',
        `There is no chain named "${body.chain}"; \`model\` must name one of: ${context.chains.join(', ')}.`,
        'model',
      );
    }
    const events = context.runChain(body.chain, body.messages, clientSignal(request), { lanes: [LANE] });
    return body.stream ? await streamed(events, body, directOf(request) !== undefined) : await complete(events);
  } catch (error) {
    if (error instanceof GatewayError) return gatewayErrorResponse(error);
    throw error;
  }
}

async function readBody(request: Request, context: GatewayContext): Promise<string> {
  try {
    return await context.readBody(request);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new GatewayError(error.status, 'invalid_request_error', error.code, error.message, error.field ?? null);
  }
}

/**
 * A turn's events, a batch at a time where the runner allows it (one wake-up per burst):
 * `await ready()` when it returns a promise, then `take()`.
 */
interface EventBatches {
  /** Settles once events (or the end) are there; `undefined` when they are there already. Rejects if the turn breaks. */
  ready(): Promise<void> | undefined;
  /** The events that are there, at least one; `undefined` once the turn's events are over. */
  take(): CascadeEvent[] | undefined;
  /** Stops the turn's iteration (cancels the turn). */
  return(): void;
}

function batchesOf(events: AsyncIterable<CascadeEvent>): EventBatches {
  // The handler's own runner: its buffer is read directly, with a promise only when it must wait.
  if (events instanceof Channel) {
    const channel = events as Channel<CascadeEvent>;
    return { ready: () => channel.ready(), take: () => channel.take(), return: () => channel.cancel() };
  }
  // Any other runner: one event per step.
  const iterator = events[Symbol.asyncIterator]();
  let next: CascadeEvent[] | undefined;
  return {
    ready: () =>
      iterator.next().then((result) => {
        next = result.done ? undefined : [result.value];
      }),
    take: () => next,
    return: () => void iterator.return?.()?.catch(() => {}),
  };
}

/** The next events of `events`, or `undefined` at the end. */
async function nextBatch(events: EventBatches): Promise<CascadeEvent[] | undefined> {
  const waiting = events.ready();
  if (waiting) await waiting;
  return events.take();
}

/** Drains the rest of a turn in the background so its accounting hooks still run. */
function drain(events: EventBatches): void {
  const step = (): void => {
    for (;;) {
      const waiting = events.ready();
      if (waiting) {
        waiting.then(
          () => (events.take() === undefined ? undefined : step()),
          () => {},
        );
        return;
      }
      if (events.take() === undefined) return;
    }
  };
  step();
}

async function complete(events: AsyncIterable<CascadeEvent>): Promise<Response> {
  const lane = new FinalLane();
  const batches = batchesOf(events);
  while (!lane.finished) {
    const batch = await nextBatch(batches);
    if (batch === undefined) break;
    for (const event of batch) {
      lane.apply(event);
      if (lane.finished) break;
    }
  }
  drain(batches);
  if (lane.failure || lane.text === undefined) {
    throw lane.failure ?? new GatewayError(500, 'api_error', 'internal', 'The turn ended without an answer.');
  }
  const body = {
    id: lane.id,
    object: 'chat.completion',
    created: lane.created,
    model: lane.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: lane.text },
        logprobs: null,
        finish_reason: lane.finishReason,
      },
    ],
    usage: lane.usage(),
  };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: headersFor(lane, { 'content-type': 'application/json; charset=utf-8' }),
  });
}

/** `direct`: the Node adapter reads the answer's text itself (see http/direct.ts), so it needs no web stream. */
async function streamed(
  events: AsyncIterable<CascadeEvent>,
  request: ChatCompletionRequest,
  direct: boolean,
): Promise<Response> {
  const lane = new FinalLane();
  const batches = batchesOf(events);
  // Hold the response head until the first token, so an early failure gets a real status.
  let first: string | undefined;
  /** Events of the first token's batch that follow it. */
  let rest: CascadeEvent[] = [];
  waiting: for (;;) {
    const batch = await nextBatch(batches);
    if (batch === undefined) break;
    for (let i = 0; i < batch.length; i++) {
      first = lane.apply(batch[i] as CascadeEvent);
      if (first !== undefined || lane.finished) {
        rest = batch.slice(i + 1);
        break waiting;
      }
    }
  }
  if (lane.failure || (first === undefined && lane.text === undefined)) {
    batches.return();
    throw lane.failure ?? new GatewayError(500, 'api_error', 'internal', 'The turn ended without an answer.');
  }

  let sentText = first !== undefined && first.length > 0;
  const prelude = lane.chunk({ role: 'assistant', content: '' }) + (first ? lane.content(first) : '');
  const ending = () => {
    const usage = request.includeUsage
      ? sse({
          id: lane.id,
          object: 'chat.completion.chunk',
          created: lane.created,
          model: lane.model,
          choices: [],
          usage: lane.usage(),
        })
      : '';
    return `${lane.chunk({}, lane.finishReason)}${usage}data: [DONE]\n\n`;
  };

  let opened = false;
  let cancelled = false;
  /**
   * The text of `events` (the chunks of one batch in one piece) and the ending, if they end the
   * stream. The bytes are those of one chunk per event, whatever the batching.
   */
  const render = (events: CascadeEvent[] | undefined): { text: string; end?: 'done' | 'failed' } => {
    let text = '';
    if (events === undefined) return { text: sse(midStreamFailure(false, lane)), end: 'failed' };
    for (const event of events) {
      const delta = lane.apply(event);
      if (delta) {
        sentText = true;
        text += lane.content(delta);
        continue;
      }
      if (lane.text !== undefined) return { text: text + ending(), end: 'done' };
      const reset = event.type === 'reset' && event.lane === LANE && sentText;
      if (reset || lane.failure) return { text: text + sse(midStreamFailure(reset, lane)), end: 'failed' };
    }
    return { text };
  };
  const source: TextBodySource = {
    open(sink) {
      if (opened) return false;
      opened = true;
      if (cancelled) {
        sink.end();
        return true;
      }
      if (lane.text !== undefined) {
        sink.write(prelude + ending());
        sink.end();
        drain(batches);
        return true;
      }
      const pump = async (events: CascadeEvent[] | undefined, text: string): Promise<void> => {
        for (;;) {
          const out = render(events);
          if (out.text || text) sink.write(text + out.text);
          text = '';
          if (out.end) {
            sink.end();
            if (out.end === 'done') drain(batches);
            else batches.return();
            return;
          }
          try {
            const waiting = batches.ready();
            if (waiting) await waiting;
            events = batches.take();
          } catch {
            events = undefined; // a broken turn ends the stream like a turn without an answer
          }
          if (cancelled) return;
        }
      };
      pump(rest, prelude).catch(() => {
        // Not expected (rendering plain values): end the body rather than leave the client waiting.
        sink.end();
        batches.return();
      });
      return true;
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      batches.return();
    },
  };
  const init = {
    status: 200,
    headers: headersFor(lane, { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' }),
  };
  return textBodyResponse(source, init, direct);
}
