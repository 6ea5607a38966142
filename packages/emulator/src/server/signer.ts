import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Seals small payloads into opaque URL-safe strings (page tokens, cursors, download URLs) with a
 * key of its own, so clients can neither forge nor alter them.
 */
export class Signer {
  readonly #key = randomBytes(32);

  /** `macLength` cuts the MAC to that many characters, for services whose tokens are shorter. */
  constructor(private readonly macLength?: number) {}

  /** The payload as `base64url(json).mac`. */
  sign(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The payload of a string made by {@link sign}; undefined when it was not made here. */
  verify(sealed: string): unknown {
    const dot = sealed.lastIndexOf('.');
    if (dot === -1) return undefined;
    const body = sealed.slice(0, dot);
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(sealed.slice(dot + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }

  #mac(body: string): string {
    const mac = createHmac('sha256', this.#key).update(body).digest('base64url');
    return this.macLength === undefined ? mac : mac.slice(0, this.macLength);
  }
}
