import { createHash } from 'node:crypto';
import type { Account } from '../accounts.js';

/**
 * An unsigned id_token (`alg: none`, empty signature): MSAL reads the claims without verifying a
 * signature, and nothing here should look like a token a real service would accept.
 */
export function idToken(
  account: Account,
  clientId: string,
  nowMs: number,
  lifetimeSeconds: number,
  nonce: string | undefined,
): string {
  const now = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = {
    aud: clientId,
    iss: `https://login.microsoftonline.com/${account.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
    name: account.displayName,
    oid: account.objectId,
    preferred_username: account.email,
    email: account.email,
    sub: createHash('sha256')
      .update(`${account.objectId}:${clientId}`)
      .digest('base64url')
      .slice(0, 43),
    tid: account.tenantId,
    ver: '2.0',
  };
  if (nonce !== undefined) claims.nonce = nonce;
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode(claims)}.`;
}

/** `client_info`: base64url JSON `{ uid, utid }`, from which MSAL builds the home account id. */
export function clientInfo(account: Account): string {
  return Buffer.from(JSON.stringify({ uid: account.objectId, utid: account.tenantId })).toString(
    'base64url',
  );
}
