/** Where the Drive client gets bearer tokens, and a fresh one after a 401. */
export interface AccessTokenSource {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** A new token after `rejected` was refused, or undefined when there is nothing to refresh. */
  refreshAccessToken(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
}
