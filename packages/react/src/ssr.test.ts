import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { CascadeChat, CascadeProvider, useCascade, useCascadeChat } from './index.js';

function Probe() {
  const chat = useCascadeChat();
  const one = useCascade();
  return createElement('p', null, `${chat.ids.length} messages, ${one.status}`);
}

describe('server-side rendering', () => {
  test('the package imports in Node (no window) and <CascadeChat> renders to HTML', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      createElement(CascadeChat, {
        endpoint: '/api/cascade',
        initialMessages: [
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi, **there**. <script>alert(1)</script>' },
        ],
      }),
    );
    expect(html).toContain('role="log"');
    expect(html).toContain('aria-label="Message"');
    expect(html).toContain('<strong>there</strong>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  test('hooks render on the server without a QueryClientProvider', () => {
    const html = renderToString(
      createElement(CascadeProvider, { initialMessages: [{ role: 'user', content: 'Hi' }] }, createElement(Probe)),
    );
    expect(html).toContain('1 messages, idle');
  });
});
