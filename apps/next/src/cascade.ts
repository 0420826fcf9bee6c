import { type CascadeHandler, createCascadeHandler } from '@cascadekit/server';
import { exampleChains } from './chains';

// One handler per process: its circuit breakers and health report describe every request the
// process serves. The instance lives on globalThis so that `next dev`, which evaluates route
// modules again after an edit, keeps it (and its breakers) too.
const key = Symbol.for('cascadekit.example.handler');
const store = globalThis as typeof globalThis & { [key]?: CascadeHandler };

/** The cascade handler of this process, created on first use. */
export function cascadeHandler(): CascadeHandler {
  store[key] ??= createCascadeHandler({ chains: exampleChains(process.env) });
  return store[key];
}
