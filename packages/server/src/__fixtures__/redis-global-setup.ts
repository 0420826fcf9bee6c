import { requireRedisServer } from './redis-server.js';

/** The `redis` project stops before any file runs when `redis-server` is missing, saying what to install. */
export default function setup(): void {
  requireRedisServer();
}
