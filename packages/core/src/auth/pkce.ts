import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PolydriveError } from '../errors/polydrive-error.js';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  /** Kept by the client and sent with the code exchange. */
  readonly verifier: string;
  /** Sent in the authorization URL as `code_challenge`. */
  readonly challenge: string;
  /** Sent as `code_challenge_method`. */
  readonly method: 'S256';
}

// RFC 7636 section 4.1: 43 to 128 characters from the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge of a verifier: base64url(sha256(verifier)). Throws InvalidArgument on a malformed verifier. */
export function pkceChallenge(verifier: string): string {
  if (!VERIFIER.test(verifier)) {
    throw new PolydriveError('InvalidArgument', {
      message: 'A PKCE code verifier must be 43 to 128 characters from [A-Za-z0-9-._~].',
      advice: 'Use createPkcePair() to make one.',
    });
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair: a 43-character verifier from 32 random bytes, and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** A fresh OAuth `state` value: 256 random bits, URL-safe. */
export function createOAuthState(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when the `state` that came back to the redirect URI is the one sent. Compares digests in
 * constant time, so neither the content nor the length of `expected` leaks through timing.
 */
export function verifyOAuthState(expected: string, got: string | null | undefined): boolean {
  if (typeof got !== 'string' || expected === '') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(got, 'utf8').digest();
  return timingSafeEqual(a, b);
}
