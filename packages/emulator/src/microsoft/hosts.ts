/** Microsoft Graph. */
export const GRAPH_HOST = 'graph.microsoft.com';
/** The Microsoft identity platform (Entra ID / Microsoft account sign-in). */
export const LOGIN_HOST = 'login.microsoftonline.com';
/** Upload sessions (`/rup/{id}`) and copy monitors (`/monitor/{id}`): the personal OneDrive API host. */
export const UPLOAD_HOST = 'api.onedrive.com';
/** Pre-authenticated download URLs (`/download/{token}`): the personal OneDrive content host. */
export const DOWNLOAD_HOST = 'my.microsoftpersonalcontent.com';

/** Every host the Microsoft emulation answers for. */
export const MICROSOFT_HOSTS = [GRAPH_HOST, LOGIN_HOST, UPLOAD_HOST, DOWNLOAD_HOST] as const;

/** The tenant id Microsoft uses for every personal (consumer) account. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
