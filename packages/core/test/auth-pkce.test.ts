import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createOAuthState,
  createPkcePair,
  pkceChallenge,
  verifyOAuthState,
} from '../src/auth/index.js';
import { PolydriveError } from '../src/errors/index.js';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a valid verifier with its S256 challenge, different every time', () => {
    const pair = createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.verifier.length).toBeGreaterThanOrEqual(43);
    expect(pair.verifier.length).toBeLessThanOrEqual(128);
    expect(pair.verifier).toMatch(UNRESERVED);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(pair.challenge).not.toContain('=');
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['outside the unreserved set', `${'a'.repeat(43)}+`],
  ])('rejects a verifier %s', (_why, verifier) => {
    let err: unknown;
    try {
      pkceChallenge(verifier);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).code).toBe('InvalidArgument');
  });
});

describe('OAuth state', () => {
  it('is URL-safe, at least 128 bits, and unique', () => {
    const state = createOAuthState();
    expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(state, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(createOAuthState()).not.toBe(state);
  });

  it('verifies only the exact state', () => {
    const state = createOAuthState();
    expect(verifyOAuthState(state, state)).toBe(true);
    expect(verifyOAuthState(state, `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`)).toBe(
      false,
    );
    expect(verifyOAuthState(state, state.slice(1))).toBe(false);
    expect(verifyOAuthState(state, `${state}x`)).toBe(false);
    expect(verifyOAuthState(state, '')).toBe(false);
    expect(verifyOAuthState(state, undefined)).toBe(false);
    expect(verifyOAuthState(state, null)).toBe(false);
    expect(verifyOAuthState('', '')).toBe(false);
  });
});
