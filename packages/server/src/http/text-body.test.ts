import { describe, expect, it } from 'vitest';
import { type TextBodySource, type TextSink, textBodyOf, textBodyResponse } from './text-body.js';

/** A source that writes `parts` when opened and records what happened to it. */
function recordingSource(parts: string[]) {
  const log: string[] = [];
  let sink: TextSink | undefined;
  const source: TextBodySource = {
    open(next) {
      if (sink) return false;
      sink = next;
      log.push('open');
      for (const part of parts) next.write(part);
      next.end();
      return true;
    },
    cancel() {
      log.push('cancel');
    },
  };
  return { source, log };
}

describe('textBodyResponse', () => {
  it('streams the source as UTF-8 to any reader of response.body', async () => {
    const { source, log } = recordingSource(['data: ü\n\n', 'data: 👋\n\n']);
    const response = textBodyResponse(source, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    expect(log).toEqual([]); // nothing runs before someone reads
    expect(await response.text()).toBe('data: ü\n\ndata: 👋\n\n');
    expect(log).toEqual(['open']);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
  });

  it('hands the same source to the Node adapter, and then the web stream cannot take it', async () => {
    const { source } = recordingSource(['a']);
    const response = textBodyResponse(source, {});
    const text = textBodyOf(response);
    expect(text).toBe(source);
    const got: string[] = [];
    expect(text?.open({ write: (part) => got.push(part), end: () => got.push('end') })).toBe(true);
    expect(got).toEqual(['a', 'end']);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('cancels the source when the body is cancelled unread', async () => {
    const { source, log } = recordingSource([]);
    const response = textBodyResponse(source, {});
    await response.body?.cancel();
    expect(log).toEqual(['open', 'cancel']);
  });

  it('is absent on other responses', () => {
    expect(textBodyOf(new Response('x'))).toBeUndefined();
  });
});
