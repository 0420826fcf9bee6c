import type { FinalLane } from './final-lane.js';
import type { GatewayError } from './openai-error.js';

/** One SSE event carrying `data` as JSON. */
export function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/**
 * Writes a streamed answer's `chat.completion.chunk`s as SSE text, each the canonical JSON of its
 * object (the keys and escaping of `JSON.stringify`).
 */
export class ChunkSerializer {
  /** JSON text of a content chunk up to the delta's text, for `model` = {@link headModel}. */
  private head = '';
  private headModel: string | undefined;

  constructor(
    private readonly lane: FinalLane,
    private readonly includeUsage: boolean,
  ) {}

  /** A chunk with `delta` (and `finish_reason`). */
  chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    const lane = this.lane;
    return sse({
      id: lane.id,
      object: 'chat.completion.chunk',
      created: lane.created,
      model: lane.model ?? 'unknown',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
  }

  /** The first chunk: the assistant's role. */
  role(): string {
    return this.chunk({ role: 'assistant', content: '' });
  }

  /**
   * `chunk({ content: text })`, byte for byte, with only the text serialized per token:
   * stringifying the whole chunk object per token was the gateway's largest own cost.
   */
  content(text: string): string {
    const model = this.lane.model ?? 'unknown';
    if (this.headModel !== model) {
      this.headModel = model;
      const lane = this.lane;
      const head = JSON.stringify({ id: lane.id, object: 'chat.completion.chunk', created: lane.created, model });
      this.head = `data: ${head.slice(0, -1)},"choices":[{"index":0,"delta":{"content":`;
    }
    return `${this.head}${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  /** The end of a complete answer: `finish_reason`, the usage chunk when asked, `[DONE]`. */
  ending(): string {
    const lane = this.lane;
    const usage = this.includeUsage
      ? sse({
          id: lane.id,
          object: 'chat.completion.chunk',
          created: lane.created,
          model: lane.model,
          choices: [],
          usage: lane.usage(),
        })
      : '';
    return `${this.chunk({}, lane.finishReason)}${usage}data: [DONE]\n\n`;
  }

  /** An in-band error that ends a stream whose head was sent already (no `[DONE]` follows). */
  error(error: GatewayError): string {
    return sse(error);
  }
}
