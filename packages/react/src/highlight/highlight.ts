import { createJavaScriptRegexEngine } from '@shikijs/engine-javascript';
import { codeToTokensBase, createShikiPrimitive } from '@shikijs/primitive';
import type { LanguageRegistration, ShikiPrimitive, ThemeRegistration } from '@shikijs/types';

/** One highlighted piece of a line: its text and colour (a CSS variable of the kit's theme). */
export interface CodeToken {
  content: string;
  color?: string | undefined;
}

type Grammar = () => Promise<{ default: LanguageRegistration[] }>;

// A few common languages, each its own chunk, loaded the first time a code block uses it.
const ts: Grammar = () => import('@shikijs/langs/typescript');
const js: Grammar = () => import('@shikijs/langs/javascript');
const sh: Grammar = () => import('@shikijs/langs/shellscript');
const py: Grammar = () => import('@shikijs/langs/python');
const GRAMMARS: Record<string, Grammar> = {
  ts,
  typescript: ts,
  js,
  javascript: js,
  json: () => import('@shikijs/langs/json'),
  sh,
  bash: sh,
  shell: sh,
  shellscript: sh,
  py,
  python: py,
};

const v = (name: string) => `var(--ck-code-${name})`;

/**
 * The kit's theme: token colours are CSS variables (`--ck-code-keyword` …, set by styles.css for
 * light and dark with AA contrast on `--ck-code-bg`), so one tokenisation serves both schemes.
 */
const THEME: ThemeRegistration = {
  name: 'cascadekit',
  type: 'light',
  colors: { 'editor.foreground': v('fg'), 'editor.background': v('bg') },
  tokenColors: [
    { scope: ['comment', 'punctuation.definition.comment'], settings: { foreground: v('comment') } },
    { scope: ['string', 'string.quoted', 'string.template'], settings: { foreground: v('string') } },
    { scope: ['keyword', 'storage', 'storage.type', 'keyword.operator.new'], settings: { foreground: v('keyword') } },
    { scope: ['constant.numeric', 'constant.language', 'support.constant'], settings: { foreground: v('constant') } },
    {
      scope: ['entity.name.function', 'support.function', 'meta.function-call'],
      settings: { foreground: v('function') },
    },
    {
      scope: ['entity.name.type', 'support.type', 'support.class', 'entity.name.class'],
      settings: { foreground: v('type') },
    },
    {
      scope: ['support.type.property-name', 'variable.other.property', 'meta.object-literal.key'],
      settings: { foreground: v('property') },
    },
  ],
};

let shiki: ShikiPrimitive | undefined;
const loading = new Map<string, Promise<void>>();

/** Whether `lang` (as written after the fence) is one of the highlighted languages. */
export function canHighlight(lang: string): boolean {
  return lang.toLowerCase() in GRAMMARS;
}

/**
 * Tokenises `code` with Shiki (TextMate grammars, the JavaScript regex engine: no WebAssembly),
 * loading the language's grammar on first use; `null` for other languages.
 */
export async function highlight(code: string, lang: string): Promise<CodeToken[][] | null> {
  const name = lang.toLowerCase();
  const grammar = GRAMMARS[name];
  if (!grammar) return null;
  shiki ??= createShikiPrimitive({ engine: createJavaScriptRegexEngine(), themes: [THEME], langs: [] });
  const primitive = shiki;
  let load = loading.get(name);
  if (!load) {
    load = grammar().then((module) => primitive.loadLanguageSync(module.default));
    loading.set(name, load);
  }
  await load;
  const [registration] = (await grammar()).default;
  return codeToTokensBase(primitive, code, { lang: registration?.name ?? name, theme: 'cascadekit' }).map((line) =>
    line.map((token) => ({ content: token.content, color: token.color })),
  );
}
