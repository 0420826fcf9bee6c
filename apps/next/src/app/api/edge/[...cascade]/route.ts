// The same handler on the edge runtime, under /api/edge (the page at /edge talks to it). The main
// entry of @cascadekit/server uses only web APIs, so nothing changes but the runtime and the path.
import { createCascadeHandler } from '@cascadekit/server';
import { exampleChains } from '../../../../chains';

export const runtime = 'edge';

// A module-level instance: one per edge isolate, shared by its cascade and health routes.
const handler = createCascadeHandler({ chains: exampleChains(process.env), basePath: '/api/edge' });

export { handler as GET, handler as POST };
