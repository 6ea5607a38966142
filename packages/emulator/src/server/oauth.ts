import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether a PKCE `code_verifier` answers the challenge of the authorization request (RFC 7636). */
export function pkceVerifies(
  verifier: string | null | undefined,
  challenge: string,
  method: 'S256' | 'plain',
): boolean {
  if (!verifier) return false;
  const computed =
    method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const left = Buffer.from(computed);
  const right = Buffer.from(challenge);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The client id and secret of an HTTP Basic `Authorization` header, each URL-decoded as RFC 6749
 * (2.3.1) asks; undefined when there is no such header.
 */
export function basicCredentials(
  header: string | undefined,
): { id: string; secret: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}
