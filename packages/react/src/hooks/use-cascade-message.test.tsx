import { type AnswerState, createCascadeClient, immediateScheduler } from '@cascadekit/core';
import { expect, test } from 'vitest';
import { render } from 'vitest-browser-react';
import { CascadeProvider } from '../context/cascade-provider.js';
import { useCascadeMessage } from './use-cascade-message.js';

/** A client holding two settled answers, `a-1` and `a-2`, whose answers the test replaces by hand. */
function twoAnswers() {
  const client = createCascadeClient({
    schedule: immediateScheduler,
    initialMessages: [
      { role: 'assistant', content: 'First' },
      { role: 'assistant', content: 'Second' },
    ],
  });
  const [first, second] = client.store.getState().ids as [string, string];
  /** Gives message `id` a new answer object whose final text is `text` (as a token would). */
  const write = (id: string, text: string) =>
    client.store.setState((s) => {
      const message = s.byId[id];
      if (message?.role !== 'assistant') return {};
      const answer: AnswerState = { ...message.answer, final: { ...message.answer.final, text } };
      return { byId: { ...s.byId, [id]: { ...message, answer } } };
    });
  return { client, first, second, write };
}

/** Shows message `id`'s final text; `onSelect` counts the runs of its selector. */
function TextProbe({ id, onSelect }: { id: string; onSelect: () => void }) {
  const text = useCascadeMessage(id, (a) => {
    onSelect();
    return a.final.text;
  });
  return <p>{text}</p>;
}

/** Selects a new tuple on every call (compared item by item); `onRender` sees each render's tuple. */
function TupleProbe({ id, onRender }: { id: string; onRender: (picked: unknown) => void }) {
  const picked = useCascadeMessage(id, (a) => [a.status, a.final.text.length > 3] as const);
  onRender(picked);
  return <p>{picked?.join(' ')}</p>;
}

test("a message's selector runs only when that message changed, not on every update of the conversation", async () => {
  const { client, first, second, write } = twoAnswers();
  const calls = { first: 0, second: 0 };
  const screen = await render(
    <CascadeProvider client={client}>
      <TextProbe id={first} onSelect={() => (calls.first += 1)} />
      <TextProbe id={second} onSelect={() => (calls.second += 1)} />
    </CascadeProvider>,
  );
  const before = { ...calls };
  for (const text of ['Second.', 'Second..', 'Second...']) write(second, text);
  await expect.element(screen.getByText('Second...')).toBeVisible();
  expect(calls.first).toBe(before.first);
  expect(calls.second).toBeGreaterThan(before.second);
});

test('a selected tuple with the same items as before keeps its identity and causes no render', async () => {
  const { client, first, write } = twoAnswers();
  let renders = 0;
  const seen = new Set<unknown>();
  const screen = await render(
    <CascadeProvider client={client}>
      <TupleProbe
        id={first}
        onRender={(picked) => {
          renders += 1;
          seen.add(picked);
        }}
      />
    </CascadeProvider>,
  );
  await expect.element(screen.getByText('final true')).toBeVisible();
  const before = renders;
  for (const text of ['First.', 'First..', 'First...']) write(first, text);
  write(first, 'Fi');
  await expect.element(screen.getByText('final false')).toBeVisible();
  expect(renders).toBe(before + 1);
  expect(seen.size).toBe(2);
});

test('parts of one message each follow it, and one part leaving does not stop the others', async () => {
  const { client, first, write } = twoAnswers();
  const calls = { kept: 0, leaving: 0 };
  const parts = (both: boolean) => (
    <CascadeProvider client={client}>
      <TextProbe id={first} onSelect={() => (calls.kept += 1)} />
      {both && <TextProbe id={first} onSelect={() => (calls.leaving += 1)} />}
    </CascadeProvider>
  );
  const screen = await render(parts(true));
  write(first, 'First, twice');
  await expect.element(screen.getByText('First, twice').nth(1)).toBeVisible();
  expect(calls.leaving).toBeGreaterThan(0);

  await screen.rerender(parts(false));
  const leaving = calls.leaving;
  write(first, 'First, once');
  await expect.element(screen.getByText('First, once')).toBeVisible();
  expect(calls.leaving).toBe(leaving);
  // The same message subscribed again after its last part left: it follows too.
  await screen.rerender(parts(true));
  write(first, 'First, again');
  await expect.element(screen.getByText('First, again').nth(1)).toBeVisible();
});
