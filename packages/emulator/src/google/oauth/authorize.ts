import { consentAnswer, consentPage, hintedAccount } from '../../server/consent.js';
import { escapeHtml } from '../../server/html.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, emptyResponse, htmlResponse } from '../../server/response.js';
import type { GoogleState } from '../state.js';
import { knownClient } from './client-auth.js';
import { GoogleOAuthError } from './oauth-error.js';

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string;
  offline: boolean;
  forceConsent: boolean;
  loginHint: string | undefined;
}

/**
 * `GET|POST https://accounts.google.com/o/oauth2/v2/auth`. GET shows a consent page (account
 * picker, Allow, Cancel); its form POSTs back to the same URL, so a test can skip the page and
 * POST `account=<email>&consent=accept` itself. Allow redirects to redirect_uri with `code`,
 * `scope` and `state`; Cancel with `error=access_denied`.
 */
export async function handleAuthorize(
  state: GoogleState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  if (request.path !== '/o/oauth2/v2/auth' && request.path !== '/o/oauth2/auth') {
    return errorPage(
      404,
      'not_found',
      `The emulator has no page ${request.path} on accounts.google.com.`,
    );
  }
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorPage(405, 'invalid_request', 'The authorization endpoint answers GET and POST.');
  }
  const parsed = parseParams(state, request.query);
  if ('problem' in parsed) return errorPage(400, parsed.error, parsed.problem);
  const params = parsed;
  const page = (problem: string | undefined) => consentPageFor(state, params, problem);
  if (request.method === 'GET') return htmlResponse(200, page(undefined));

  const answer = consentAnswer(await request.form(), state.accounts.all(), (chosen) =>
    state.accounts.find(chosen),
  );
  if (answer.kind === 'deny') return redirect(params, { error: 'access_denied' });
  if (answer.kind === 'unanswered') {
    return htmlResponse(400, page('Choose Allow or Cancel (form field consent).'));
  }
  if (answer.kind === 'unknownAccount') {
    return htmlResponse(400, page('Pick one of the listed accounts (form field account).'));
  }
  const { account } = answer;
  const consentedBefore = state.tokens.consent(account.id, params.clientId);
  const code = state.tokens.issueCode({
    accountId: account.id,
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scopes: params.scopes,
    codeChallenge: params.codeChallenge,
    codeChallengeMethod: params.codeChallengeMethod === 'S256' ? 'S256' : 'plain',
    // Google hands out a refresh token on the first consent, and again only with prompt=consent.
    offline: params.offline && (!consentedBefore || params.forceConsent),
    expiresAt: state.now() + state.options.authCodeLifetimeSeconds * 1000,
  });
  return redirect(params, {
    code,
    scope: params.scopes.join(' '),
    authuser: '0',
    prompt: 'consent',
  });
}

function parseParams(
  state: GoogleState,
  query: URLSearchParams,
): AuthorizeParams | { error: string; problem: string } {
  const clientId = query.get('client_id');
  if (!clientId)
    return { error: 'invalid_request', problem: 'Missing required parameter: client_id' };
  let client: ReturnType<typeof knownClient>;
  try {
    client = knownClient(state, clientId);
  } catch (error) {
    if (error instanceof GoogleOAuthError)
      return { error: error.error, problem: error.description };
    throw error;
  }
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri)
    return { error: 'invalid_request', problem: 'Missing required parameter: redirect_uri' };
  if (!URL.canParse(redirectUri))
    return { error: 'invalid_request', problem: 'Invalid parameter value for redirect_uri' };
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return {
      error: 'redirect_uri_mismatch',
      problem: `The redirect URI '${redirectUri}' is not registered for the OAuth client '${clientId}'.`,
    };
  }
  if (query.get('response_type') !== 'code') {
    return {
      error: 'unsupported_response_type',
      problem: 'The emulator supports response_type=code only.',
    };
  }
  const scopes = (query.get('scope') ?? '').split(/\s+/).filter((scope) => scope !== '');
  if (scopes.length === 0)
    return { error: 'invalid_request', problem: 'Missing required parameter: scope' };
  const method = query.get('code_challenge_method') ?? 'plain';
  if (!['S256', 'plain'].includes(method)) {
    return { error: 'invalid_request', problem: `Invalid code_challenge_method: ${method}` };
  }
  const accessType = query.get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') {
    return { error: 'invalid_request', problem: `Invalid access_type: ${accessType}` };
  }
  return {
    clientId,
    redirectUri,
    scopes,
    state: query.get('state') ?? undefined,
    codeChallenge: query.get('code_challenge') ?? undefined,
    codeChallengeMethod: method,
    offline: accessType === 'offline',
    forceConsent: (query.get('prompt') ?? '').split(/\s+/).includes('consent'),
    loginHint: query.get('login_hint') ?? undefined,
  };
}

function redirect(params: AuthorizeParams, values: Record<string, string>): EmulatorResponse {
  const url = new URL(params.redirectUri);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value);
  return emptyResponse(302, { location: url.toString(), 'cache-control': 'no-store' });
}

function consentPageFor(
  state: GoogleState,
  params: AuthorizeParams,
  problem: string | undefined,
): string {
  const accounts = state.accounts.all();
  return consentPage({
    title: 'Sign in with Google (Polydrive emulator)',
    heading: 'Google sign-in (emulated)',
    request: `The app <code>${escapeHtml(params.clientId)}</code> wants: <code>${escapeHtml(params.scopes.join(' '))}</code>${params.offline ? ' (offline access)' : ''}`,
    accounts,
    checked: hintedAccount(accounts, params.loginHint),
    allow: 'Allow',
    deny: 'Cancel',
    problem,
  });
}

function errorPage(status: number, error: string, message: string): EmulatorResponse {
  return htmlResponse(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error ${status}: ${escapeHtml(error)}</title></head><body><h1>Access blocked: Error ${status}: ${escapeHtml(error)}</h1><p>${escapeHtml(message)}</p></body></html>\n`,
  );
}
