/**
 * Where the Graph client gets bearer tokens. `refreshAccessToken` is called once after a 401 with
 * the token Graph refused; it returns a newer token, or undefined when no newer one can be had.
 */
export interface AccessTokenSource {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  refreshAccessToken(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
}
