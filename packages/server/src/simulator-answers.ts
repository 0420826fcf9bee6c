import { hashString, seededRandom } from './random.js';

// What the simulator says: a few sentences that quote the question, or, when the question asks
// for one, markdown (a GFM table, a fenced code block, a list), so the demo and the stories show
// what answers can hold. Deterministic for a seed and a question. `sentences` sizes the answer
// (sentences, table rows, list items, code features): the demo's draft (seed 1, 3) and final
// (seed 2, 4) are of one shape, with the final longer and worded differently, so the swap shows.

const PHRASES = [
  'The short version is that it depends on the constraints you care about most.',
  'Start with the simplest option that works and measure before optimising.',
  'A common approach is to split the problem into smaller steps and check each one.',
  'Keep the trade-offs in mind: speed, cost and reliability pull in different directions.',
  'In practice, a small experiment usually settles the question faster than a debate.',
  'Most teams find that clear defaults and good error messages matter more than features.',
  'If something fails, fall back to a known-good path and report what happened.',
  'Write down the decision and the reason, so the next person can revisit it.',
];

/** The form of an answer, chosen by the question. */
export type AnswerShape = 'prose' | 'table' | 'code' | 'list';

/** A table when the question compares or asks for one, code when it names a language or code, a list for steps or lists. */
export function answerShape(question: string): AnswerShape {
  if (/\b(table|compare|comparison|versus|vs)\b/i.test(question)) return 'table';
  if (/\b(typescript|javascript|code|snippet|function)\b/i.test(question)) return 'code';
  if (/\b(list|steps?|checklist)\b/i.test(question)) return 'list';
  return 'prose';
}

type Random = () => number;

const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;

/** `count` items of `pool` without repeats (a shuffled deck, reshuffled when used up). */
function draw<T>(random: Random, pool: readonly T[], count: number): T[] {
  const out: T[] = [];
  let deck: T[] = [];
  for (let i = 0; i < count; i++) {
    if (deck.length === 0) deck = [...pool];
    out.push(deck.splice(Math.floor(random() * deck.length), 1)[0] as T);
  }
  return out;
}

const TABLE_ROWS: readonly (readonly [string, string, string])[] = [
  ['Time to first token', '~150 ms', '~1.2 s'],
  ['Cost per million output tokens', 'about $0.60', 'about $10'],
  ['Best at', 'quick, plain answers', 'careful, long answers'],
  ['Follows strict formats', 'mostly', 'reliably'],
  ['Tokens per second', '80–120', '30–60'],
  ['Role in a cascade', 'draft: shown at once', 'final: replaces the draft'],
  ['When it fails', 'the final still answers', 'the draft stands'],
];

function table(random: Random, rows: number): string {
  const [fast, large] = pick(random, [
    ['Fast model', 'Large model'],
    ['Small model', 'Large model'],
    ['Draft model', 'Final model'],
  ] as const);
  const lines = [`| | ${fast} | ${large} |`, '| --- | --- | --- |'];
  // Drawn at random, shown in the pool's order (time, then cost …), as a person would list them.
  const chosen = draw(random, TABLE_ROWS, Math.min(rows, TABLE_ROWS.length));
  for (const [what, a, b] of TABLE_ROWS.filter((row) => chosen.includes(row))) {
    lines.push(`| ${what} | ${a} | ${b} |`);
  }
  return lines.join('\n');
}

/** Retry with exponential backoff: from 3 `sentences` with full jitter, from 4 with a cap too. */
function code(random: Random, sentences: number): string {
  const name = pick(random, ['withRetry', 'retry', 'withBackoff']);
  const tries = pick(random, ['attempts', 'tries', 'maxAttempts']);
  const jitter = sentences >= 3;
  const cap = sentences >= 4;
  const delay = jitter
    ? `Math.random() * ${cap ? 'Math.min(maxDelayMs, ' : ''}baseDelayMs * 2 ** attempt${cap ? ')' : ''}; // full jitter`
    : 'baseDelayMs * 2 ** attempt;';
  return [
    '```ts',
    `async function ${name}<T>(run: () => Promise<T>, ${tries} = 3, baseDelayMs = 250${cap ? ', maxDelayMs = 4000' : ''}): Promise<T> {`,
    '  for (let attempt = 1; ; attempt++) {',
    '    try {',
    '      return await run();',
    '    } catch (error) {',
    `      if (attempt >= ${tries}) throw error;`,
    `      const delay = ${delay}`,
    '      await new Promise((resolve) => setTimeout(resolve, delay));',
    '    }',
    '  }',
    '}',
    '```',
  ].join('\n');
}

// Each step in two wordings; a list takes its first steps in order.
const CASCADE_STEPS: readonly (readonly [string, string])[] = [
  ['Both models start at once: a fast draft and a larger final.', 'The draft and the final model start together.'],
  ['The draft streams and is shown as it arrives.', 'The fast model’s text appears within a moment.'],
  ['The final model answers in the background.', 'Meanwhile the larger model writes its answer.'],
  ['Validators check the final answer when it completes.', 'The final answer is checked before it is shown.'],
  ['The final replaces the draft, marked as improved.', 'If it passes, it takes the draft’s place.'],
  ['A failed final leaves the draft standing.', 'If the larger model fails, the quick answer stays.'],
];

function list(random: Random, question: string, items: number): string {
  if (/\bcascade\b/i.test(question)) {
    return CASCADE_STEPS.slice(0, items)
      .map((wordings, i) => `${i + 1}. ${pick(random, wordings)}`)
      .join('\n');
  }
  const marker = /\bsteps?\b/i.test(question) ? (i: number) => `${i + 1}.` : () => '-';
  return draw(random, PHRASES, items)
    .map((phrase, i) => `${marker(i)} ${phrase}`)
    .join('\n');
}

/**
 * The deterministic default answer for a seed and a question: prose that quotes the question,
 * or markdown when the question asks for a table, code or a list (see {@link answerShape}).
 */
export function simulatedAnswer(question: string, seed: number, sentences = 3): string {
  const random = seededRandom(seed ^ hashString(question));
  const topic = question.trim().replace(/\s+/g, ' ');
  const quoted = topic.length > 60 ? `${topic.slice(0, 57)}…` : topic;
  const opening = quoted ? `You asked: “${quoted}”.` : 'Hello!';
  const shape = answerShape(question);
  if (shape === 'prose') return [opening, ...draw(random, PHRASES, sentences)].join(' ');
  const body =
    shape === 'table'
      ? table(random, sentences)
      : shape === 'code'
        ? code(random, sentences)
        : list(random, question, sentences);
  const closing = draw(random, PHRASES, 1)[0] as string;
  return `${opening}\n\n${body}\n\n${closing}`;
}
