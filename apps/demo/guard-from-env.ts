import { type CascadeConfig, memoryLimitStore } from '@cascadekit/server';
import { clientAddress } from '@cascadekit/server/node';

type Env = Record<string, string | undefined>;

/** True for a host name or address that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `baseUrl` without what must never be shown: credentials, query and fragment. */
export function publicBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function count(env: Env, name: string, fallback: number | undefined): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '0' || raw === 'off') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer or "off", got "${raw}".`);
  return value;
}

/**
 * The demo's guard, from the environment. Each visitor is a principal by address (the demo has
 * no accounts); with real models the demo limits them by default, since every turn costs money:
 * TURNS_PER_MINUTE (default 20), CONCURRENT_TURNS per visitor (4) and MAX_CONCURRENT_TURNS for
 * the process (32); `off` lifts one. The simulator costs nothing: no limits unless set.
 * ALLOWED_HOSTS defaults to loopback's names when bound to loopback (DNS rebinding reaches even
 * those); ALLOWED_ORIGINS lets other sites' pages call the API.
 */
export function guardFromEnv(env: Env, { host, realModels }: { host: string; realModels: boolean }) {
  const turns = count(env, 'TURNS_PER_MINUTE', realModels ? 20 : undefined);
  const concurrentTurns = count(env, 'CONCURRENT_TURNS', realModels ? 4 : undefined);
  const maxConcurrentTurns = count(env, 'MAX_CONCURRENT_TURNS', realModels ? 32 : undefined);
  const allowedHosts = list(env.ALLOWED_HOSTS) ?? (isLoopback(host) ? ['localhost'] : undefined);
  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  const guard: Pick<
    CascadeConfig,
    'authorize' | 'limits' | 'limitStore' | 'maxConcurrentTurns' | 'allowedHosts' | 'allowedOrigins'
  > = {
    authorize: (request) => clientAddress(request) ?? 'unknown',
    // One store for every handler of the demo (one per scenario), so a visitor's limits are shared.
    limitStore: memoryLimitStore(),
    limits: {
      ...(turns ? { turns: { max: turns, windowMs: 60_000 } } : {}),
      ...(concurrentTurns ? { concurrentTurns } : {}),
    },
  };
  if (maxConcurrentTurns) guard.maxConcurrentTurns = maxConcurrentTurns;
  if (allowedHosts) guard.allowedHosts = allowedHosts;
  if (allowedOrigins) guard.allowedOrigins = allowedOrigins;
  return guard;
}
