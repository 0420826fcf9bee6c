// Baseline of the two-lane pages: the draft's text appended to the DOM as it arrives (one <p>
// per paragraph, in a scroll container kept at its newest line once per frame, as a chat view
// must), the final's text gathered unseen, then put in the draft's place in one step, one <p>
// per paragraph. No framework, no wire format to decode. `?history=500` first fills the list
// with 500 earlier messages (an <article> of plain paragraphs each).
import { observePage } from './probes';
import { benchTokens, historyFromUrl, historyMessages, laneTicks, playTicks, tokenCountFromUrl } from './token-source';

observePage();
const count = tokenCountFromUrl();
const ticks = laneTicks(benchTokens(count, 'd', 'zzdraft'), benchTokens(count));
const out = document.getElementById('out') as HTMLDivElement;
const form = document.getElementById('composer') as HTMLFormElement;
let scrollQueued = false;

for (const message of historyMessages(historyFromUrl())) {
  const article = document.createElement('article');
  for (const text of message.content.split('\n\n')) {
    const p = document.createElement('p');
    p.textContent = text;
    article.append(p);
  }
  out.append(article);
}
out.scrollTop = out.scrollHeight;

function followNewest() {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    out.scrollTop = out.scrollHeight;
  });
}

// Enter sends, as in any chat composer (and in <CascadeChat>): the harness presses it.
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = document.createElement('article');
  out.append(answer);
  const paragraph = (): Text => {
    const p = document.createElement('p');
    const node = document.createTextNode('');
    p.append(node);
    answer.append(p);
    return node;
  };
  let node = paragraph();
  let final = '';
  await playTicks(ticks, (tick) => {
    const parts = tick.draft.join('').split('\n\n');
    node.appendData(parts[0] ?? '');
    for (const part of parts.slice(1)) {
      node = paragraph();
      node.appendData(part);
    }
    final += tick.final.join('');
    if (tick.finalDone) {
      answer.replaceChildren();
      for (const part of final.split('\n\n')) paragraph().appendData(part);
    }
    followNewest();
  });
});
