/**
 * Child process: a local OpenAI-compatible upstream that streams `TOKENS` tokens per answer.
 * `POST /v1/chat/completions` streams (or answers in one body when `stream` is false);
 * any path under `/fail/` answers 500, like a broken first model. UPSTREAM_MODE: `turn` (default,
 * one write per token, an event-loop turn apart), `burst` (all tokens in one write) or `paced`
 * (one write per token, UPSTREAM_PACE_MS apart, default 5, as a real model streams).
 * `PUT /mode/<mode>` switches the mode of later answers, so the servers in front of this
 * upstream can stay up (and warm) across the regimes of a benchmark.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { announce } from './ready';

const TOKENS = Number(process.env.UPSTREAM_TOKENS ?? 50);
let MODE = process.env.UPSTREAM_MODE ?? 'turn';
const MODES = ['turn', 'burst', 'paced'];
const PACE_MS = Number(process.env.UPSTREAM_PACE_MS ?? 5);
const created = Math.floor(Date.now() / 1000);

function chunk(id: string, model: string, delta: Record<string, string>, finish: string | null): string {
  const body = {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

async function readJson(req: IncomingMessage): Promise<{ model?: string; stream?: boolean }> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as { model?: string; stream?: boolean };
  } catch {
    return {};
  }
}

let seq = 0;
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const mode = req.method === 'PUT' && req.url?.startsWith('/mode/') ? req.url.slice(6) : undefined;
  if (mode !== undefined) {
    const known = MODES.includes(mode);
    if (known) MODE = mode;
    res.writeHead(known ? 204 : 400);
    res.end();
    return;
  }
  if (req.url?.startsWith('/fail/')) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
    return;
  }
  const id = `chatcmpl-${++seq}`;
  const model = body.model ?? 'bench-model';
  if (body.stream === false) {
    const text = Array.from({ length: TOKENS }, (_, i) => `tok${i} `).join('');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: TOKENS, total_tokens: 10 + TOKENS },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunk(id, model, { role: 'assistant', content: '' }, null));
  if (MODE === 'burst') {
    let all = '';
    for (let i = 0; i < TOKENS; i++) all += chunk(id, model, { content: `tok${i} ` }, null);
    res.write(all);
  } else {
    for (let i = 0; i < TOKENS; i++) {
      if (res.destroyed) return;
      res.write(chunk(id, model, { content: `tok${i} ` }, null));
      // Separate writes, as a real model's stream: a turn of the event loop, or PACE_MS, between tokens.
      await new Promise<void>((resolve) => (MODE === 'paced' ? setTimeout(resolve, PACE_MS) : setImmediate(resolve)));
    }
  }
  res.write(chunk(id, model, {}, 'stop'));
  res.end('data: [DONE]\n\n');
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => res.destroy());
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce(server));
