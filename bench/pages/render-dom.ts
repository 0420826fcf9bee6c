// Baseline: the answer's text appended to the DOM as it arrives, no framework. Each paragraph
// ("\n\n") gets its own <p>, so a new token re-lays out one paragraph, not the whole answer
// (as the markdown renderer of <CascadeChat> does too). render-dom-follow.html (`data-follow`)
// makes #out a scroll container kept at its newest line, once per frame, as a chat view must.
import { observePage } from './probes';
import { benchTokens, chunkStream, tokenChunks, tokenCountFromUrl } from './token-source';

observePage();
const chunks = tokenChunks(benchTokens(tokenCountFromUrl()), (t) => t);
const out = document.getElementById('out') as HTMLDivElement;
const form = document.getElementById('composer') as HTMLFormElement;
const follow = document.body.dataset.follow !== undefined;
let scrollQueued = false;

function followNewest() {
  if (!follow || scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    out.scrollTop = out.scrollHeight;
  });
}

function paragraph(): Text {
  const p = document.createElement('p');
  const node = document.createTextNode('');
  p.append(node);
  out.append(p);
  return node;
}

// Enter sends, as in any chat composer (and in <CascadeChat>): the harness presses it, so the
// pointer never rests over the page (hover hit tests after each layout would add to every row).
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  let node = paragraph();
  const decoder = new TextDecoder();
  const reader = chunkStream(chunks).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const parts = decoder.decode(value, { stream: true }).split('\n\n');
    node.appendData(parts[0] ?? '');
    for (const part of parts.slice(1)) {
      node = paragraph();
      node.appendData(part);
    }
    followNewest();
  }
});
