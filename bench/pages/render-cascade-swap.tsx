// <CascadeChat> with its defaults rendering a cascade: a draft lane and a final lane that
// replaces it once complete and validated (`merge="replace"`), streamed in cascadekit's own wire
// protocol from an in-page fetch, so only the client side is measured. `?history=500` starts
// from a conversation that already holds 500 messages. Built twice: on React 19 and on 18.3.
import { encodeEvent, SSE_HEADERS } from '@cascadekit/core';
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

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <CascadeChat endpoint="/api/cascade" fetch={fetchAnswer} initialMessages={initialMessages} />,
  );
}
