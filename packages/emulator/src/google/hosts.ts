/** Drive v3 metadata (`/drive/v3/...`) and media uploads (`/upload/drive/v3/...`). */
export const GOOGLE_API_HOST = 'www.googleapis.com';
/** The OAuth token, revoke and tokeninfo endpoints. */
export const GOOGLE_OAUTH_HOST = 'oauth2.googleapis.com';
/** The consent page (`/o/oauth2/v2/auth`). */
export const GOOGLE_ACCOUNTS_HOST = 'accounts.google.com';

/** Every host the Google emulation answers for. */
export const GOOGLE_HOSTS = [GOOGLE_API_HOST, GOOGLE_OAUTH_HOST, GOOGLE_ACCOUNTS_HOST] as const;
