// <CascadeChat> with its defaults rendering a cascade: a draft lane and a final lane that
// replaces it once complete and validated (`merge="replace"`), streamed in cascadekit's own wire
// protocol from an in-page fetch, so only the client side is measured. `?history=500` starts
// from a conversation that already holds 500 messages. Built twice: on React 19 and on 18.3.
import { createCascadeClient, encodeEvent, SSE_HEADERS } from '@cascadekit/core';
import { CascadeChat } from '@cascadekit/react';
import { version } from 'react';
import { createRoot } from 'react-dom/client';
import '@cascadekit/react/styles.css';
import { observePage } from './probes';
import {
  benchTokens,
  chunkStream,
  historyFromUrl,
  historyMessages,
  type LaneTick,
  laneTicks,
  tickChunks,
  tokenCountFromUrl,
} from './token-source';

observePage();
document.documentElement.dataset.react = version;
const count = tokenCountFromUrl();
const draft = benchTokens(count, 'd', 'zzdraft');
const final = benchTokens(count);
const initialMessages = historyMessages(historyFromUrl());

// The same fetch also answers the health route <CascadeChat> polls by default, as a server would.
const health = { ok: true, protocol: 1, chains: ['default'], defaultChain: 'default', breakers: {} };

const encodeTick = (tick: LaneTick) => {
  let out = '';
  for (const text of tick.draft) out += encodeEvent({ type: 'delta', lane: 'draft', text });
  if (tick.draftDone) out += encodeEvent({ type: 'lane-done', lane: 'draft', model: 'small', text: draft.join('') });
  for (const text of tick.final) out += encodeEvent({ type: 'delta', lane: 'final', text });
  if (tick.finalDone) {
    out +=
      encodeEvent({ type: 'lane-done', lane: 'final', model: 'large', text: final.join('') }) +
      encodeEvent({
        type: 'settled',
        winner: 'final',
        model: 'large',
        summary: { attempts: [], costUsd: 0, durationMs: 0 },
      }) +
      encodeEvent({ type: 'done' });
  }
  return out;
};

const prefix =
  encodeEvent({ type: 'turn-start', v: 1, turnId: 't1', chain: 'default', lanes: ['draft', 'final'] }) +
  encodeEvent({ type: 'attempt-start', lane: 'draft', attempt: 0, model: 'small', provider: 'simulator' }) +
  encodeEvent({ type: 'attempt-start', lane: 'final', attempt: 0, model: 'large', provider: 'simulator' });
const chunks = tickChunks(laneTicks(draft, final), encodeTick, prefix);

const fetchAnswer: typeof fetch = async (input) => {
  if (String(input).endsWith('/api/health')) return Response.json(health);
  return new Response(chunkStream(chunks), { headers: SSE_HEADERS });
};

/**
 * `?variant=` switches parts off to see what each costs (bench/src/browser/render-profile.ts
 * --query=variant=…); the benchmark itself always runs the defaults.
 */
const variant = new URLSearchParams(location.search).get('variant');
const plainText = (text: string) => text;

function Headless() {
  return (
    <CascadeChat.Root endpoint="/api/cascade" fetch={fetchAnswer} initialMessages={initialMessages}>
      <CascadeChat.Messages />
      <CascadeChat.Composer />
    </CascadeChat.Root>
  );
}

/** `variant=client`: the core client alone (decode, reduce, store), no React: the answer shows when settled. */
function clientOnly(into: HTMLElement) {
  const client = createCascadeClient({ endpoint: '/api/cascade', fetch: fetchAnswer, initialMessages });
  into.innerHTML = '<form><textarea aria-label="Message"></textarea></form><div id="out"></div>';
  const form = into.querySelector('form') as HTMLFormElement;
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    client.send('Write a long answer.').then((settled) => {
      const out = into.querySelector('#out') as HTMLElement;
      out.textContent = settled.role === 'assistant' ? settled.answer.final.text.slice(-200) : '';
    });
  });
}

const root = document.getElementById('root');
if (root && variant === 'client') clientOnly(root);
else if (root) {
  createRoot(root).render(
    variant === 'headless' ? (
      <Headless />
    ) : (
      <CascadeChat
        endpoint="/api/cascade"
        fetch={fetchAnswer}
        initialMessages={initialMessages}
        {...(variant === 'plain' ? { renderText: plainText } : {})}
        {...(variant === 'no-time' ? { timestamps: false } : {})}
      />
    ),
  );
}
