import { PolydriveError } from '../errors/polydrive-error.js';

/** A provider name and its options, as parsed from a URI. */
export interface ParsedDriveUri {
  readonly provider: string;
  readonly options: Record<string, string>;
}

/**
 * Parses a drive URI: `memory:`, `local:///abs/root`, `onedrive:?clientId=...&tenant=common`.
 * The scheme names the provider; query parameters become string options; a path becomes the
 * `root` option (for providers rooted in a folder).
 */
export function parseDriveUri(uri: string): ParsedDriveUri {
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(uri.trim());
  if (!match) {
    throw new PolydriveError('InvalidArgument', {
      message: `${JSON.stringify(uri)} is not a drive URI.`,
      advice:
        "Write it as 'provider:' with options, e.g. 'memory:', 'local:///srv/files' or 'onedrive:?clientId=...'.",
    });
  }
  const provider = (match[1] as string).toLowerCase();
  const rest = match[2] as string;
  const q = rest.indexOf('?');
  const pathPart = q === -1 ? rest : rest.slice(0, q);
  const options: Record<string, string> = {};
  if (q !== -1) {
    for (const [k, v] of new URLSearchParams(rest.slice(q + 1))) options[k] = v;
  }
  if (pathPart !== '') {
    // `local:///abs` has an empty authority; `local:/abs` is accepted too.
    const root = pathPart.startsWith('//') ? pathPart.slice(2) : pathPart;
    if (root.startsWith('/')) options.root = decodeURIComponent(root);
    else if (root !== '') {
      throw new PolydriveError('InvalidArgument', {
        message: `The path in ${JSON.stringify(uri)} must be absolute.`,
        advice: `Write ${provider}:///absolute/path (three slashes).`,
      });
    }
  }
  return { provider, options };
}
