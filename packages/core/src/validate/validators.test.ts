import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { json, nonEmpty, pattern, predicate, runValidators, schema } from './validators.js';

describe('validators', () => {
  it('nonEmpty rejects blank answers', async () => {
    expect(await nonEmpty.validate('  \n')).toEqual({ ok: false, message: 'The answer is empty.' });
    expect(await nonEmpty.validate('x')).toEqual({ ok: true });
  });

  it('json accepts plain and fenced JSON and explains a parse failure', async () => {
    expect(await json().validate(' {"a":1} ')).toEqual({ ok: true });
    expect(await json().validate('```json\n{"a":1}\n```')).toEqual({ ok: true });
    const bad = await json().validate('{"a":');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^The answer is not valid JSON/);
  });

  it('schema validates with any Standard Schema and names the failing path', async () => {
    const validator = schema(z.object({ answer: z.string(), score: z.number().min(0) }));
    expect(await validator.validate('{"answer":"yes","score":1}')).toEqual({ ok: true });
    const bad = await validator.validate('{"answer":"yes","score":-1}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('score:');
  });

  it('pattern is safe with global regexes', async () => {
    const validator = pattern(/order #\d+/g);
    expect((await validator.validate('order #12')).ok).toBe(true);
    expect((await validator.validate('order #13')).ok).toBe(true);
    expect((await validator.validate('no order')).ok).toBe(false);
  });

  it('predicate passes through a custom message', async () => {
    const short = predicate('short', (t) => t.length < 5 || 'Too long for a tooltip.');
    expect(await short.validate('ok')).toEqual({ ok: true });
    expect(await short.validate('far too long')).toEqual({ ok: false, message: 'Too long for a tooltip.' });
  });

  it('runValidators stops at the first failure and names it', async () => {
    expect(await runValidators([nonEmpty, json()], 'hi')).toMatchObject({ ok: false, validator: 'json' });
    expect(await runValidators([nonEmpty, json()], '[]')).toEqual({ ok: true, validator: 'non-empty+json' });
  });
});
