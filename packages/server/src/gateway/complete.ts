import { drainTurn, type TurnEvents } from '../chain/turn-events.js';
import { FinalLane } from './final-lane.js';

/**
 * The non-streaming answer: a `chat.completion` once the final lane is done. Throws the lane's
 * failure as a `GatewayError`. The rest of the turn finishes in the background.
 */
export async function completeAnswer(events: TurnEvents): Promise<Response> {
  const lane = new FinalLane();
  while (!lane.finished) {
    const batch = await events.read();
    if (batch === null) break;
    for (const event of batch) {
      lane.apply(event);
      if (lane.finished) break;
    }
  }
  drainTurn(events);
  if (lane.failure || lane.text === undefined) throw lane.noAnswer();
  const body = {
    id: lane.id,
    object: 'chat.completion',
    created: lane.created,
    model: lane.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: lane.text },
        logprobs: null,
        finish_reason: lane.finishReason,
      },
    ],
    usage: lane.usage(),
  };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: lane.headers({ 'content-type': 'application/json; charset=utf-8' }),
  });
}
