import type { DemoInfo } from './demo-info';

/** Model ids of a lane in fallback order, or a placeholder of the same line while they load. */
function Models({ ids }: { ids: readonly string[] | undefined }) {
  return <code className="demo-model">{ids ? ids.join(' → ') : '…'}</code>;
}

function servedBy(info: DemoInfo | null): string {
  if (!info) return 'Connecting to the demo server…';
  if (info.mode === 'simulator') return 'Served by the built-in simulator (no API keys set).';
  const api = info.mode === 'openai' ? 'an OpenAI-compatible API' : 'the Anthropic API';
  return `Served by ${api}${info.baseUrl ? ` at ${info.baseUrl}` : ''}.`;
}

/**
 * What the viewer is looking at: the two lanes, which models serve them, and when one answer
 * replaces the other. On a phone only the lanes and their models show, in one line. Model names
 * end their line and the source line keeps one line, so their late arrival moves nothing else.
 */
export function HowItWorks({ info }: { info: DemoInfo | null }) {
  return (
    <section className="demo-card demo-how" aria-labelledby="demo-how-title" data-testid="lanes">
      <h2 id="demo-how-title" className="demo-visually-hidden">
        What you are seeing
      </h2>
      <ol className="demo-steps">
        <li>
          <p className="demo-step-head">
            <span className="demo-step-title">Quick draft</span> <Models ids={info?.models.draft} />
          </p>
          <p className="demo-step-text">A small, fast model answers at once, in grey while provisional.</p>
        </li>
        <li>
          <p className="demo-step-head">
            <span className="demo-step-title">Larger model</span> <Models ids={info?.models.final} />
          </p>
          <p className="demo-step-text">Works on the same question in parallel.</p>
        </li>
        <li>
          <p className="demo-step-head">
            <span className="demo-step-title">The swap</span>
          </p>
          <p className="demo-step-text">
            Its answer replaces the draft once it passes validation. If it fails, the quick answer stands.
          </p>
        </li>
      </ol>
      <p className="demo-source" title={servedBy(info)}>
        Open <em>Trace</em> under an answer for every attempt. {servedBy(info)}
      </p>
    </section>
  );
}
