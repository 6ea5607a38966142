/** Where absolute URLs that the emulator emits point. */
export type LinkStyle = 'emulator' | 'real';

/**
 * Builds absolute URLs for a real host name. With `emulator` style the link points back at this
 * server (`http://127.0.0.1:P/<host>/<path>`); with `real` style it is `https://<host>/<path>`, for
 * clients that reach the emulator through a proxy mapping `https://HOST/PATH` to `/HOST/PATH`.
 */
export class LinkBuilder {
  #base = '';

  constructor(readonly style: LinkStyle) {}

  /** The emulator's own base URL, e.g. `http://127.0.0.1:4010`; set once the server listens. */
  get base(): string {
    return this.#base;
  }

  set base(value: string) {
    this.#base = value.replace(/\/+$/, '');
  }

  /** An absolute URL for `pathAndQuery` (starting with `/`) on the real host `host`. */
  to(host: string, pathAndQuery: string): string {
    return this.style === 'real'
      ? `https://${host}${pathAndQuery}`
      : `${this.#base}/${host}${pathAndQuery}`;
  }

  /** The emulator URL of a real host, whatever the link style: what a client should be given. */
  emulated(host: string, pathAndQuery = ''): string {
    return `${this.#base}/${host}${pathAndQuery}`;
  }
}
