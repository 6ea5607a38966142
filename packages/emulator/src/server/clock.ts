/** Milliseconds since the epoch; injectable so tests can move time forward without waiting. */
export type Clock = () => number;

/** ISO 8601 UTC without milliseconds, the form Graph and the identity platform print. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
