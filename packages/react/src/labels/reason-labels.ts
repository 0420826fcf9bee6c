import type { ReasonLabels } from './labels.js';

/** The default plain words for why an answer or a lane failed (`labels.reasons`), a chunk of their own. */
export const REASON_LABELS: ReasonLabels = {
  'http-status': 'The model’s service answered with an error.',
  network: 'The connection to the model broke.',
  'timeout-headers': 'The model did not respond in time.',
  'timeout-first-token': 'The model did not start answering in time.',
  'timeout-idle': 'The model stopped in mid-answer.',
  'timeout-total': 'The model took too long.',
  incomplete: 'The answer broke off before it was complete.',
  'upstream-error': 'The model reported an error.',
  validation: 'The model’s answer did not pass the check.',
  'low-confidence': 'The model was not confident enough.',
  'breaker-open': 'The model is unavailable right now.',
  aborted: 'It was cancelled.',
  superseded: 'It was no longer needed.',
  config: 'The model is not set up correctly.',
  unknown: 'Something went wrong.',
  http: 'The server answered with an error.',
  protocol: 'The server sent something this page cannot read.',
  server: 'The server could not go on.',
  'invalid-argument': 'The request was not valid.',
  interrupted: 'The page was closed or reloaded before the answer finished.',
  acceptedByCheck: 'It passed the check, so improving it was skipped.',
  acceptedByUser: 'You moved on before it was improved.',
  bothFailed: 'Neither model could answer.',
};
