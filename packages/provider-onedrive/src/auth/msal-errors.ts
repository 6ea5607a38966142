import { AuthError, ServerError } from '@azure/msal-node';
import { type ErrorCode, PolydriveError } from '@polydrive/core';

// OAuth answers meaning the grant (code or refresh token) is dead: only a new sign-in helps.
const SIGN_IN_AGAIN = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
  'bad_token',
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_in_silent_request',
]);

// Answers that point at the app registration rather than the user.
const APP_PROBLEMS = new Set(['invalid_client', 'unauthorized_client', 'invalid_request']);

const NETWORK_CODES = new Set(['network_error', 'endpoints_resolution_error']);

function httpStatusOf(err: AuthError): number | undefined {
  return err instanceof ServerError && typeof err.status === 'number' ? err.status : undefined;
}

/**
 * Turns an msal error into a PolydriveError. Only the OAuth code and the AADSTS number are kept:
 * msal's messages and causes can carry request details, and none of that may reach a log.
 */
export function msalError(err: unknown, operation: string): PolydriveError {
  if (err instanceof PolydriveError) return err;
  if (!(err instanceof AuthError)) {
    return new PolydriveError('Internal', {
      message: `Microsoft sign-in failed with an unexpected ${err instanceof Error ? err.name : typeof err}.`,
      provider: 'onedrive',
      operation,
    });
  }
  const code = err.errorCode;
  const errorNo = err instanceof ServerError && err.errorNo ? ` (AADSTS${err.errorNo})` : '';
  const status = httpStatusOf(err);
  const make = (kind: ErrorCode, message: string, advice?: string) =>
    new PolydriveError(kind, {
      message,
      ...(advice !== undefined ? { advice } : {}),
      provider: 'onedrive',
      operation,
      providerCode: code,
      ...(status !== undefined ? { httpStatus: status } : {}),
    });
  if (SIGN_IN_AGAIN.has(code)) {
    return make(
      'Unauthenticated',
      `Microsoft sign-in refused the saved login or code: ${code}${errorNo}.`,
      'Log in again (connect the account); an authorization code can be used only once.',
    );
  }
  if (APP_PROBLEMS.has(code)) {
    return make(
      'Unauthenticated',
      `Microsoft sign-in refused the app: ${code}${errorNo}.`,
      'Check the client id, tenant, client secret and redirect URI against the app registration in Microsoft Entra ID.',
    );
  }
  if (code === 'invalid_scope') {
    return make(
      'InvalidArgument',
      `Microsoft sign-in refused the scopes${errorNo}.`,
      'Ask for scopes the app registration lists.',
    );
  }
  if (status === 429)
    return make('RateLimited', `Microsoft sign-in is throttling requests${errorNo}.`);
  if (
    NETWORK_CODES.has(code) ||
    code === 'temporarily_unavailable' ||
    code === 'server_error' ||
    (status !== undefined && status >= 500)
  ) {
    return make(
      'Transient',
      `Microsoft sign-in could not be reached or failed: ${code}${errorNo}.`,
    );
  }
  if (err.name === 'ClientConfigurationError') {
    return make(
      'InvalidArgument',
      `The Microsoft sign-in settings are invalid: ${code}.`,
      'Check clientId, tenant and redirectUri.',
    );
  }
  return make('Unauthenticated', `Microsoft sign-in failed: ${code}${errorNo}.`);
}
