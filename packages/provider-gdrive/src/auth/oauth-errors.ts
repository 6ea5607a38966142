import { oauthErrorCode, PolydriveError } from '@polydrive/core';

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, response } = err as { status?: unknown; response?: { status?: unknown } };
  if (typeof status === 'number') return status;
  return typeof response?.status === 'number' ? response.status : undefined;
}

/**
 * Maps a failed code exchange. Nothing of the library's error is kept: its request holds the
 * code, the PKCE verifier and the client secret.
 */
export function codeExchangeError(err: unknown): PolydriveError {
  const code = oauthErrorCode(err);
  const status = statusOf(err);
  const common = {
    provider: 'gdrive',
    operation: 'exchangeCode',
    ...(status !== undefined ? { httpStatus: status } : {}),
    ...(code !== undefined ? { providerCode: code } : {}),
  };
  if (code === 'invalid_grant') {
    return new PolydriveError('Unauthenticated', {
      message:
        'Google refused the sign-in code (expired, already used, or the PKCE verifier does not match).',
      advice: 'Sign in again and use the new code once, with the verifier of the same login.',
      ...common,
    });
  }
  if (
    code === 'invalid_client' ||
    code === 'unauthorized_client' ||
    code === 'redirect_uri_mismatch'
  ) {
    return new PolydriveError('Unauthenticated', {
      message: `Google refused the OAuth client (${code}).`,
      advice:
        'Check clientId, clientSecret and that the redirect URI is allowed for the client in Google Cloud.',
      ...common,
    });
  }
  if (status === 429 || (status !== undefined && status >= 500) || status === undefined) {
    return new PolydriveError('Transient', {
      message: 'The code exchange with Google failed before an answer came back.',
      advice: 'Check the network and sign in again.',
      ...common,
    });
  }
  return new PolydriveError('Unauthenticated', {
    message: `Google refused the code exchange${code ? ` (${code})` : ''}.`,
    advice: 'Sign in again.',
    ...common,
  });
}
