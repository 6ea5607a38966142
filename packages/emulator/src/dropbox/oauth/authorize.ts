import { consentAnswer, consentPage } from '../../server/consent.js';
import { escapeHtml } from '../../server/html.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, emptyResponse, htmlResponse } from '../../server/response.js';
import type { DropboxAccount } from '../accounts.js';
import { errorPage } from '../html.js';
import type { DropboxState } from '../state.js';
import type { TokenAccessType } from '../tokens.js';
import { DEFAULT_SCOPE } from './issue-tokens.js';

interface AuthorizeParams {
  clientId: string;
  /** Undefined for the no-redirect flow: the code is shown on the page. */
  redirectUri: string | undefined;
  state: string | undefined;
  accessType: TokenAccessType;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain';
  scope: string;
}

/**
 * `/oauth2/authorize` on www.dropbox.com. GET shows a consent page (account picker, Allow,
 * Cancel); its form POSTs back to the same URL, so a test can skip the page and POST
 * `account=<email>&consent=accept` itself. Allow redirects to redirect_uri with `code` and
 * `state` (or, without a redirect_uri, shows the code); Cancel redirects with
 * `error=access_denied`.
 */
export async function handleAuthorize(
  state: DropboxState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorPage(405, 'The authorize page answers GET and POST.');
  }
  const params = parseParams(state, request.query);
  if (typeof params === 'string') return errorPage(400, params);
  if (request.query.get('response_type') !== 'code') {
    return redirect(params, {
      error: 'unsupported_response_type',
      error_description: 'The emulator supports response_type=code only.',
    });
  }
  const accounts = state.accounts.all();
  const page = (problem: string | undefined) => consentPageFor(params, accounts, problem);
  if (request.method === 'GET') return htmlResponse(200, page(undefined));
  const answer = consentAnswer(await request.form(), accounts, (chosen) =>
    state.accounts.find(chosen),
  );
  if (answer.kind === 'deny') {
    return redirect(params, {
      error: 'access_denied',
      error_description: 'The user chose not to give your app access to their Dropbox account.',
    });
  }
  if (answer.kind === 'unanswered') {
    return htmlResponse(400, page('Choose Allow or Cancel (field consent).'));
  }
  if (answer.kind === 'unknownAccount') {
    return htmlResponse(400, page('Pick one of the listed accounts (field account).'));
  }
  const { account } = answer;
  const code = state.tokens.issueCode({
    accountId: account.accountId,
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    scope: params.scope,
    accessType: params.accessType,
    codeChallenge: params.codeChallenge,
    codeChallengeMethod: params.codeChallengeMethod,
    expiresAt: state.now() + state.options.authCodeLifetimeSeconds * 1000,
  });
  if (params.redirectUri === undefined) return htmlResponse(200, codePage(code));
  return redirect(params, { code });
}

function parseParams(state: DropboxState, query: URLSearchParams): AuthorizeParams | string {
  const clientId = query.get('client_id');
  if (!clientId) return 'Invalid client_id: none was given.';
  const client = state.clients.get(clientId);
  if (!client && !state.options.acceptAnyClient) return `Invalid client_id: "${clientId}".`;
  const redirectUri = query.get('redirect_uri') ?? undefined;
  if (redirectUri !== undefined) {
    if (!URL.canParse(redirectUri)) return `Invalid redirect_uri: "${redirectUri}".`;
    if (client?.redirectUris && !client.redirectUris.includes(redirectUri)) {
      return `Invalid redirect_uri. It must exactly match one of the redirect URIs you've pre-configured for your app (including the path).`;
    }
  }
  const accessType = query.get('token_access_type') ?? 'online';
  if (accessType !== 'offline' && accessType !== 'online' && accessType !== 'legacy') {
    return `Invalid token_access_type: "${accessType}".`;
  }
  const method = query.get('code_challenge_method') ?? 'plain';
  if (method !== 'S256' && method !== 'plain') return `Invalid code_challenge_method: "${method}".`;
  return {
    clientId,
    redirectUri,
    state: query.get('state') ?? undefined,
    accessType,
    codeChallenge: query.get('code_challenge') ?? undefined,
    codeChallengeMethod: method,
    scope: query.get('scope') ?? DEFAULT_SCOPE,
  };
}

function redirect(params: AuthorizeParams, values: Record<string, string>): EmulatorResponse {
  if (params.redirectUri === undefined) {
    return errorPage(400, values.error_description ?? values.error ?? 'The request failed.');
  }
  const url = new URL(params.redirectUri);
  for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  return emptyResponse(302, { location: url.toString(), 'cache-control': 'no-store' });
}

function consentPageFor(
  params: AuthorizeParams,
  accounts: DropboxAccount[],
  problem: string | undefined,
): string {
  return consentPage({
    title: 'API Request Authorization - Dropbox (Polydrive emulator)',
    heading: 'Dropbox (emulated)',
    request: `The app <code>${escapeHtml(params.clientId)}</code> would like access to: <code>${escapeHtml(params.scope)}</code>`,
    accounts,
    checked: 0,
    allow: 'Allow',
    deny: 'Cancel',
    problem,
  });
}

function codePage(code: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access code - Dropbox (Polydrive emulator)</title></head>
<body><h1>Enter this code into your app</h1><p><code id="code">${escapeHtml(code)}</code></p></body></html>
`;
}
