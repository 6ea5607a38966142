/** Milliseconds since the epoch; injectable so tests can move time forward without waiting. */
export type Clock = () => number;

let lastSecond = Number.NaN;
let lastText = '';

/**
 * ISO 8601 UTC without milliseconds, the form Graph and the identity platform print. The last
 * answer is remembered: a listing prints the same few seconds thousands of times.
 */
export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = `${new Date(second * 1000).toISOString().slice(0, -5)}Z`;
    lastSecond = second;
  }
  return lastText;
}

/** ISO 8601 UTC with milliseconds, the form Drive prints, built on the remembered second. */
export function isoMillis(ms: number): string {
  const seconds = isoSeconds(ms);
  const millis = ms - Math.floor(ms / 1000) * 1000;
  return `${seconds.slice(0, -1)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
