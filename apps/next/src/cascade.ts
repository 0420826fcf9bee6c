import { createCascadeHandler } from '@cascadekit/server';
import { exampleChains } from './chains';

/**
 * The cascade handler of this process: a module-level constant, so the catch-all route's cascade
 * and health requests share one instance, and with it one set of circuit breakers.
 */
export const handler = createCascadeHandler({ chains: exampleChains(process.env) });
