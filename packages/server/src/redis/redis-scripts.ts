import type { Redis } from 'ioredis';

/**
 * Compare-and-set of one key: writes `ARGV[2]` (for `ARGV[3]` ms) only when the key still holds
 * `ARGV[1]` ('' for absent), else answers the value it holds, so the caller retries on that
 * without another read. An unchanged record is checked, not written.
 */
const CAS = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return {0, current} end
if ARGV[2] ~= ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return {1, ''}`;

/** INCRBY, and the key's expiry set when it has none (the counter lives `ttlMs` from its creation). */
const ADD = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

/**
 * One of `ARGV[1]` slots for `ARGV[2]` ms under the lease id `ARGV[3]`: a sorted set of leases
 * scored by expiry on the Redis server's clock (so every instance agrees when a lease ran out),
 * expired ones trimmed first; nil when every slot is taken.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return false end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return ARGV[3]`;

/** The stores' scripts as client methods (EVALSHA, with EVAL when Redis lost its script cache). */
export interface StoreScripts {
  cascadekitCas(key: string, expected: string, next: string, ttlMs: number): Promise<[number, string]>;
  cascadekitAdd(key: string, amount: number, ttlMs: number): Promise<number>;
  cascadekitAcquire(key: string, limit: number, leaseMs: number, lease: string): Promise<string | null>;
}

/** Registers the scripts on `client`. */
export function defineScripts(client: Redis): Redis & StoreScripts {
  client.defineCommand('cascadekitCas', { numberOfKeys: 1, lua: CAS });
  client.defineCommand('cascadekitAdd', { numberOfKeys: 1, lua: ADD });
  client.defineCommand('cascadekitAcquire', { numberOfKeys: 1, lua: ACQUIRE });
  return client as Redis & StoreScripts;
}
