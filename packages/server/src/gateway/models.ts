import { jsonResponse } from '../http/json-error.js';

/** A chain as an OpenAI model object (`GET /v1/models`). */
export interface OpenAIModel {
  id: string;
  object: 'model';
  /** Unix seconds: when the handler was created. */
  created: number;
  owned_by: 'cascadekit';
}

/** The route table entries of the models list, in the shape the handler's `routes` take. */
export type ModelsRoutes = [string, { methods: string[]; handle: () => Promise<Response> }][];

/**
 * `GET /v1/models` lists the chains as OpenAI models (`{ object: 'list', data }`), since a
 * gateway request's `model` names a chain; `GET /v1/models/{chain}` is one of them. OpenAI-
 * compatible tools list the models before they send a request.
 */
export function modelsRoutes(chains: readonly string[], created: number): ModelsRoutes {
  const models: OpenAIModel[] = chains.map((id) => ({ id, object: 'model', created, owned_by: 'cascadekit' }));
  const methods = ['GET', 'HEAD'];
  return [
    ['/v1/models', { methods, handle: async () => jsonResponse({ object: 'list', data: models }) }],
    ...models.map((model): ModelsRoutes[number] => [
      `/v1/models/${encodeURIComponent(model.id)}`,
      { methods, handle: async () => jsonResponse(model) },
    ]),
  ];
}
