/** RPC endpoints (`/2/...`) and the OAuth token endpoint (`/oauth2/token`). */
export const DROPBOX_API_HOST = 'api.dropboxapi.com';
/** Upload and download endpoints (`/2/files/upload`, `/2/files/download`, upload sessions). */
export const DROPBOX_CONTENT_HOST = 'content.dropboxapi.com';
/** The consent page (`/oauth2/authorize`) and shared links (`/scl/...`). */
export const DROPBOX_WEB_HOST = 'www.dropbox.com';

/** Where the dropbox SDK (10.34) sends users to authorize: answered like www.dropbox.com. */
export const DROPBOX_APEX_HOST = 'dropbox.com';

/** Every host the Dropbox emulation answers for. */
export const DROPBOX_HOSTS = [
  DROPBOX_API_HOST,
  DROPBOX_CONTENT_HOST,
  DROPBOX_WEB_HOST,
  DROPBOX_APEX_HOST,
] as const;
