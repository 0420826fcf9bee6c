import { answerText, useCascadeMessage } from '@cascadekit/react';

/**
 * Facts about one answer, each read with its own selector through `useCascadeMessage`: a
 * component re-renders only when what it selected changes (the word count per word, not per token).
 */
export function AnswerFacts({ id }: { id: string }) {
  const status = useCascadeMessage(id, (answer) => answer.status);
  const model = useCascadeMessage(id, (answer) =>
    answer.status === 'final' ? answer.final.model : answer.draft.model,
  );
  const words = useCascadeMessage(id, (answer) => answerText(answer).split(/\s+/).filter(Boolean).length);
  if (status === undefined) return null; // a question: no answer to describe
  return (
    <p className="answer-facts">
      {status} · {words} words · {model ?? 'no model yet'}
    </p>
  );
}
