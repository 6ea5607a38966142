import { consentAnswer, consentPage, hintedAccount } from '../../server/consent.js';
import { escapeHtml } from '../../server/html.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, emptyResponse, htmlResponse } from '../../server/response.js';
import type { Account } from '../accounts.js';
import type { MicrosoftState } from '../state.js';
import { knownClient } from './client-auth.js';
import { clientInfo } from './id-token.js';
import { OAuthError } from './oauth-error.js';

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string;
  nonce: string | undefined;
  loginHint: string | undefined;
  responseMode: string;
  wantsClientInfo: boolean;
}

/**
 * `/{tenant}/oauth2/v2.0/authorize`. GET shows a consent page (account picker, Accept, Deny);
 * the page's form POSTs back to the same URL, so a test can skip the page and POST
 * `account=<email>&consent=accept` itself. Accept redirects to redirect_uri with code and state,
 * Deny with error=access_denied.
 */
export async function handleAuthorize(
  state: MicrosoftState,
  request: EmulatorRequest,
  tenant: string,
): Promise<EmulatorResponse> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorPage(405, 'The authorize endpoint answers GET and POST.');
  }
  const parsed = parseParams(state, request.query);
  if (typeof parsed === 'string') return errorPage(400, parsed);
  const params = parsed;
  if (request.query.get('response_type') !== 'code') {
    return redirect(params, {
      error: 'unsupported_response_type',
      error_description: 'AADSTS700054: The emulator supports response_type=code only.',
    });
  }
  if (!['S256', 'plain'].includes(params.codeChallengeMethod)) {
    return redirect(params, {
      error: 'invalid_request',
      error_description: `AADSTS501491: Invalid code_challenge_method '${params.codeChallengeMethod}'.`,
    });
  }
  const accounts = eligibleAccounts(state, tenant);
  const page = (problem: string | undefined) => consentPageFor(params, accounts, problem);
  if (request.method === 'GET') return htmlResponse(200, page(undefined));

  const answer = consentAnswer(await request.form(), accounts, (chosen) =>
    accounts.find(
      (candidate) =>
        candidate.email.toLowerCase() === chosen.toLowerCase() || candidate.id === chosen,
    ),
  );
  if (answer.kind === 'deny') {
    return redirect(params, {
      error: 'access_denied',
      error_description: 'AADSTS65004: User declined to consent to access the app.',
    });
  }
  if (answer.kind === 'unanswered') {
    return htmlResponse(400, page('Choose Accept or Deny (form field consent).'));
  }
  if (answer.kind === 'unknownAccount') {
    return htmlResponse(400, page('Pick one of the listed accounts (form field account).'));
  }
  const { account } = answer;
  const code = state.tokens.issueCode({
    accountId: account.id,
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scopes: params.scopes,
    codeChallenge: params.codeChallenge,
    codeChallengeMethod: params.codeChallengeMethod === 'S256' ? 'S256' : 'plain',
    nonce: params.nonce,
    expiresAt: state.now() + state.options.authCodeLifetimeSeconds * 1000,
  });
  return redirect(params, {
    code,
    ...(params.wantsClientInfo ? { client_info: clientInfo(account) } : {}),
  });
}

function parseParams(state: MicrosoftState, query: URLSearchParams): AuthorizeParams | string {
  const clientId = query.get('client_id');
  if (!clientId)
    return "AADSTS900144: The request body must contain the following parameter: 'client_id'.";
  let client: ReturnType<typeof knownClient>;
  try {
    client = knownClient(state, clientId);
  } catch (error) {
    return error instanceof OAuthError ? error.message : String(error);
  }
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri)
    return "AADSTS900144: The request body must contain the following parameter: 'redirect_uri'.";
  if (!URL.canParse(redirectUri))
    return `AADSTS90102: 'redirect_uri' value must be a valid absolute URI.`;
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`;
  }
  const challenge = query.get('code_challenge') ?? undefined;
  return {
    clientId,
    redirectUri,
    scopes: (query.get('scope') ?? '').split(' ').filter((scope) => scope !== ''),
    state: query.get('state') ?? undefined,
    codeChallenge: challenge,
    codeChallengeMethod: query.get('code_challenge_method') ?? 'plain',
    nonce: query.get('nonce') ?? undefined,
    loginHint: query.get('login_hint') ?? undefined,
    responseMode: query.get('response_mode') ?? 'query',
    wantsClientInfo: query.get('client_info') === '1',
  };
}

/** `consumers` shows personal accounts, `organizations` business ones, any other tenant all. */
function eligibleAccounts(state: MicrosoftState, tenant: string): Account[] {
  const all = state.accounts.all();
  if (tenant === 'consumers') return all.filter((account) => account.driveType === 'personal');
  if (tenant === 'organizations') return all.filter((account) => account.driveType === 'business');
  return all;
}

function redirect(params: AuthorizeParams, values: Record<string, string>): EmulatorResponse {
  const url = new URL(params.redirectUri);
  const all = new URLSearchParams(values);
  if (params.state !== undefined) all.set('state', params.state);
  if (params.responseMode === 'fragment') url.hash = all.toString();
  else for (const [key, value] of all) url.searchParams.set(key, value);
  return emptyResponse(302, { location: url.toString(), 'cache-control': 'no-store' });
}

function consentPageFor(
  params: AuthorizeParams,
  accounts: Account[],
  problem: string | undefined,
): string {
  return consentPage({
    title: 'Sign in (Polydrive emulator)',
    heading: 'Microsoft sign-in (emulated)',
    request: `The app <code>${escapeHtml(params.clientId)}</code> asks for: <code>${escapeHtml(params.scopes.join(' '))}</code>`,
    accounts,
    checked: hintedAccount(accounts, params.loginHint),
    note: (account) => ` (${account.driveType})`,
    allow: 'Accept',
    deny: 'Deny',
    problem,
  });
}

function errorPage(status: number, message: string): EmulatorResponse {
  return htmlResponse(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><h1>Sign-in error</h1><p>${escapeHtml(message)}</p></body></html>\n`,
  );
}
