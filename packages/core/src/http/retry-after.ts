/**
 * Parses a `Retry-After` header into milliseconds from `now`: either delay-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past gives 0. Returns undefined for
 * a missing or unparseable value, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-dates (IMF-fixdate, RFC 850, asctime) all spell out a month; Date.parse alone is lenient
  // enough to read garbage such as "-5" or "1 2" as dates.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
