/**
 * What after a scope's prefix could make a URL parse to somewhere else: dot segments (also
 * percent-encoded), backslashes (read as '/'), and tabs and newlines (which the parser drops).
 */
const MAY_LEAVE_PREFIX = /[\\\t\n\r]|(?:^|\/)(?:\.|%2e)/i;

/** The URLs under one origin and path prefix: where a provider may send its access token. */
export interface UrlScope {
  /** The scope's origin, as a URL parser gives it (`https://graph.microsoft.com`). */
  readonly origin: string;
  /** The path every URL in the scope starts with, ending in `/`. */
  readonly pathPrefix: string;
  /** True when `url` parses to this origin with a path under `pathPrefix`. */
  contains(url: string): boolean;
}

/**
 * The scope of the URLs under `prefixUrl` (its origin, and its path up to the last `/`), or
 * undefined when `prefixUrl` is not a URL. Parsing costs more than the rest of a request's set-up,
 * so a URL that starts with the prefix text and holds nothing after it that a parser rewrites
 * (what a client builds from its base URL) is told by its text alone; any other URL is parsed.
 */
export function urlScope(prefixUrl: string): UrlScope | undefined {
  let parsed: URL;
  try {
    parsed = new URL(prefixUrl);
  } catch {
    return undefined;
  }
  const origin = parsed.origin;
  const pathPrefix = parsed.pathname.replace(/[^/]*$/, '');
  const prefix = `${origin}${pathPrefix}`;
  return {
    origin,
    pathPrefix,
    contains(url) {
      if (url.startsWith(prefix) && !MAY_LEAVE_PREFIX.test(url.slice(prefix.length))) return true;
      try {
        const target = new URL(url);
        return target.origin === origin && target.pathname.startsWith(pathPrefix);
      } catch {
        return false;
      }
    },
  };
}
