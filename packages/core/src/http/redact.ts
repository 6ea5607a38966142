/** What replaces a secret in redacted text. */
export const REDACTED = '[REDACTED]';

/**
 * Query, fragment and form parameters whose values are credentials. `upload_id` is there because a
 * Google resumable session URL lets anyone holding it upload into the session.
 */
const SECRET_PARAMS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'client_secret',
  'code_verifier',
  'password',
  'token',
  'sig',
  'tempauth',
  'key',
  'upload_id',
];

/**
 * JSON fields whose string values are credentials: the parameters above but `code`, which provider
 * error bodies use for their error code (Graph's `"code": "itemNotFound"`); authorization codes
 * travel in query strings and form bodies, which are redacted.
 */
const SECRET_JSON_FIELDS = [
  ...SECRET_PARAMS.filter((name) => name !== 'code'),
  'authorization',
  'cookie',
];

const HEADER_LINE = /\b((?:proxy-)?authorization|(?:set-)?cookie)(\s*:\s*)[^\r\n]*/gi;
const SCHEME_CREDENTIALS = /\b(Bearer|Basic)\s+[\w\-.~+/]+=*/gi;
const JSON_FIELD = new RegExp(
  `("(?:${SECRET_JSON_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
  'gi',
);
const PARAM = new RegExp(`(^|[?&#;\\s])(${SECRET_PARAMS.join('|')})=[^&#\\s"']*`, 'gi');
const URL_USERINFO = /(\b[a-z][a-z\d+\-.]*:\/\/[^/\s:@]*:)[^/\s@]*@/gi;

/**
 * Removes credentials from free text before it is logged or put in an error message:
 * `Authorization`/`Cookie` header values, Bearer and Basic credentials, secret query, fragment
 * and form parameters (`access_token`, `refresh_token`, `code`, `client_secret`, `code_verifier`,
 * `password`, `token`, `sig`, `tempauth`, `key`, ...), JSON string fields with those names, and
 * passwords in URLs.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(HEADER_LINE, `$1$2${REDACTED}`)
    .replace(SCHEME_CREDENTIALS, `$1 ${REDACTED}`)
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(PARAM, `$1$2=${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** A URL fit for logs: secret query and fragment parameters and any password replaced. */
export function redactUrl(url: string | URL): string {
  return redactSecrets(typeof url === 'string' ? url : url.href);
}
