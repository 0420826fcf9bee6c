/** What a chat-completions client makes of a streamed answer. */
export interface ChatStream {
  status: number;
  /** The answer's text, as the client assembles it from the chunks. */
  content: string;
  /** The in-band error that ended the stream, if one did. */
  error?: { message: string; code: string; type: string };
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  /** `model` of the chunks, in order of first appearance. */
  models: string[];
  /** The raw body. */
  body: string;
}

/** POSTs a streamed chat completion to `url` and reads it whole. */
export async function streamChat(url: string, body: Record<string, unknown>): Promise<ChatStream> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }], stream: true, ...body }),
  });
  const text = await response.text();
  const result: ChatStream = { status: response.status, content: '', done: false, models: [], body: text };
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return result;
  for (const event of text.split('\n\n')) {
    if (!event.startsWith('data: ')) continue;
    const data = event.slice(6);
    if (data === '[DONE]') {
      result.done = true;
      continue;
    }
    const chunk = JSON.parse(data) as {
      model?: string;
      error?: ChatStream['error'];
      choices?: { delta?: { content?: string } }[];
    };
    if (chunk.error) result.error = chunk.error;
    if (chunk.model && !result.models.includes(chunk.model)) result.models.push(chunk.model);
    result.content += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return result;
}
