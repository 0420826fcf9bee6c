import type { Server } from 'node:http';

/** Tells the parent (bench/src/gateway/child.ts) which port the child listens on. */
export function announce(server: Server): void {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`READY ${port}\n`);
  // Parent gone (it closed our stdin): stop, so no server outlives the benchmark.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
