// Injected into the demo page before its scripts (page.addInitScript). Records, with
// performance.now(): the send (submit, capture phase), the first `delta` bytes of the draft
// lane reaching the page (a tee of the cascade response body), the first visible character
// of the answer and the swap (MutationObserver). Read back as window.__perceived.
(() => {
  const marks = { send: null, firstDelta: null, firstChar: null, firstPaint: null, swap: null, settled: null };
  window.__perceived = marks;
  const sent = () => {
    if (marks.send === null) marks.send = performance.now();
  };
  // The composer sends on Enter (keydown) or on its form's submit; capture phase sees both first.
  document.addEventListener('submit', sent, true);
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Enter' && !event.shiftKey && event.target instanceof HTMLTextAreaElement) sent();
    },
    true,
  );
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/api/cascade') || !response.body) return response;
    const decoder = new TextDecoder();
    const tee = new TransformStream({
      transform(chunk, controller) {
        if (marks.firstDelta === null && decoder.decode(chunk, { stream: true }).includes('event: delta')) {
          marks.firstDelta = performance.now();
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tee), { status: response.status, headers: response.headers });
  };
  const check = () => {
    const answer = document.querySelector('article[data-role="assistant"]');
    if (!answer) return;
    const text = answer.querySelector('.ck-text');
    if (marks.firstChar === null && text && text.textContent.trim().length > 0) {
      marks.firstChar = performance.now();
      requestAnimationFrame(() => {
        marks.firstPaint = performance.now();
      });
    }
    if (marks.swap === null && answer.hasAttribute('data-upgraded')) marks.swap = performance.now();
    const status = answer.getAttribute('data-status');
    if (marks.settled === null && (status === 'final' || status === 'draft-only' || status === 'error')) {
      marks.settled = performance.now();
      marks.status = status;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
})();
