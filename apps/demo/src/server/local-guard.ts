import { PolydriveError } from '@polydrive/core';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './error-response.js';

/** The host names the demo answers to. Anything else is a DNS-rebinding attempt or a mistake. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Keeps the API to the page the demo serves: requests must name a loopback host, and requests
 * that change something must come from the same origin (so another site open in the same
 * browser cannot upload, move or delete through it).
 */
export function localGuard(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      return errorResponse(
        new PolydriveError('PermissionDenied', {
          message: `This demo answers only on 127.0.0.1 or localhost, not on ${url.hostname}.`,
          advice: 'Open the address the demo printed when it started.',
        }),
        log,
      );
    }
    if (!SAFE_METHODS.has(c.req.method) && !sameOrigin(c.req.raw.headers, url)) {
      return errorResponse(
        new PolydriveError('PermissionDenied', {
          message: 'Changes are accepted only from the demo page itself.',
          advice: 'Use the demo page, or send no Origin header from your own scripts.',
        }),
        log,
      );
    }
    await next();
  };
}

function sameOrigin(headers: Headers, url: URL): boolean {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.get('origin');
  return origin === null || origin === url.origin;
}
