// <CascadeChat> with its defaults (markdown, frame batching) rendering one answer streamed in
// cascadekit's own wire protocol, from an in-page fetch so only the client side is measured.
import { encodeEvent, SSE_HEADERS } from '@cascadekit/core';
import { CascadeChat } from '@cascadekit/react';
import { createRoot } from 'react-dom/client';
import '@cascadekit/react/styles.css';
import { observePage } from './probes';
import { benchTokens, chunkStream, tokenChunks, tokenCountFromUrl } from './token-source';

observePage();
const tokens = benchTokens(tokenCountFromUrl());

// The same fetch also answers the health route <CascadeChat> polls by default, as a server would.
const health = { ok: true, protocol: 1, chains: ['default'], defaultChain: 'default', breakers: {} };

const prefix =
  encodeEvent({ type: 'turn-start', v: 1, turnId: 't1', chain: 'default', lanes: ['final'] }) +
  encodeEvent({ type: 'attempt-start', lane: 'final', attempt: 0, model: 'bench', provider: 'simulator' });
const suffix =
  encodeEvent({ type: 'lane-done', lane: 'final', model: 'bench', text: tokens.join('') }) +
  encodeEvent({
    type: 'settled',
    winner: 'final',
    model: 'bench',
    summary: { attempts: [], costUsd: 0, durationMs: 0 },
  }) +
  encodeEvent({ type: 'done' });
const chunks = tokenChunks(tokens, (text) => encodeEvent({ type: 'delta', lane: 'final', text }), prefix, suffix);

const fetchAnswer: typeof fetch = async (input) => {
  if (String(input).endsWith('/api/health')) return Response.json(health);
  return new Response(chunkStream(chunks), { headers: SSE_HEADERS });
};

const root = document.getElementById('root');
if (root) createRoot(root).render(<CascadeChat endpoint="/api/cascade" fetch={fetchAnswer} />);
