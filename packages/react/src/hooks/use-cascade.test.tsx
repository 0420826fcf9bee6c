import { describe, expect, test, vi } from 'vitest';
import { renderHook } from 'vitest-browser-react';
import { scriptedFetch, upgradeScript } from '../../__fixtures__/scripted-fetch.js';
import { useCascade } from './use-cascade.js';

describe('useCascade', () => {
  test('streams one answer; the same input and chain later comes from the query cache', async () => {
    const server = scriptedFetch();
    const { result } = await renderHook(() => useCascade({ fetch: server.fetch, chain: 'cache-test' }));
    expect(result.current.status).toBe('idle');
    expect(result.current.isRunning).toBe(false);
    const first = result.current.submit('What is 2+2?');
    const turn = await server.nextTurn();
    await vi.waitUntil(() => result.current.isRunning);
    turn.emit(...upgradeScript(['Four-ish'], ['4']));
    expect((await first).status).toBe('final');
    await vi.waitUntil(() => result.current.text === '4' && !result.current.isRunning);
    expect(result.current.fromCache).toBe(false);

    const submit = result.current.submit;
    result.current.reset();
    await vi.waitUntil(() => result.current.status === 'idle');
    const again = await result.current.submit('What is 2+2?');
    expect(again.status).toBe('final');
    await vi.waitUntil(() => result.current.text === '4' && result.current.fromCache);
    expect(result.current.isRunning).toBe(false);
    expect(server.turns).toHaveLength(1);
    expect(result.current.submit).toBe(submit);

    // Another input is a new request.
    const other = result.current.submit('And 3+3?');
    (await server.nextTurn()).emit(...upgradeScript(['six?'], ['6']));
    await other;
    expect(server.turns).toHaveLength(2);
  });

  test('a failed answer is not cached: asking again makes a new request', async () => {
    const server = scriptedFetch();
    server.reply(new Response('nope', { status: 503 }));
    const { result } = await renderHook(() => useCascade({ fetch: server.fetch, chain: 'no-cache-test' }));
    expect((await result.current.submit('Flaky?')).status).toBe('error');
    const again = result.current.submit('Flaky?');
    (await server.nextTurn()).emit(...upgradeScript(['d'], ['Fine now']));
    expect((await again).status).toBe('final');
  });
});
