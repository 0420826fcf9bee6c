/**
 * The health route beside a cascade endpoint: `/api/cascade` → `/api/health`.
 * @internal
 */
export function healthUrlFor(endpoint: string): string {
  return endpoint.replace(/\/cascade\/?(?=$|\?)/, '/health');
}
