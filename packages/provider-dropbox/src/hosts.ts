/** The real Dropbox hosts the SDK talks to. */
export const DROPBOX_HOSTS = {
  /** RPC routes and the token endpoint. */
  api: 'https://api.dropboxapi.com',
  /** Uploads and downloads. */
  content: 'https://content.dropboxapi.com',
  /** The consent page (SDK 10.34 builds `https://dropbox.com/oauth2/authorize`). */
  web: 'https://dropbox.com',
} as const;

/** Base URLs standing in for the real hosts (an emulator, a proxy); each defaults to the real one. */
export interface DropboxBaseUrls {
  readonly api?: string;
  readonly content?: string;
  readonly web?: string;
}

/**
 * Rewrites URLs on the real hosts to the given base URLs. The dropbox SDK hard-codes `https://`
 * hosts (wire reference E.2), so this is how it reaches an emulator.
 */
export function hostRewriter(bases: DropboxBaseUrls): (url: string) => string {
  const pairs: Array<[string, string]> = [];
  for (const key of ['api', 'content', 'web'] as const) {
    const base = bases[key];
    if (base !== undefined) pairs.push([`${DROPBOX_HOSTS[key]}/`, `${base.replace(/\/+$/, '')}/`]);
  }
  if (bases.web !== undefined) {
    pairs.push(['https://www.dropbox.com/', `${bases.web.replace(/\/+$/, '')}/`]);
  }
  return (url) => {
    for (const [from, to] of pairs) if (url.startsWith(from)) return to + url.slice(from.length);
    return url;
  };
}
