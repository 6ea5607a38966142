import { drive, type drive_v3 } from '@googleapis/drive';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../src/index.js';

/** A JSON body from the wire; its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON is checked by the assertions, not by types.
export type Json = Record<string, any>;

/** A started emulator with one Google account, a token and a Drive client pointed at it. */
export interface GoogleHarness {
  emu: EmulatorHandle;
  email: string;
  token: string;
  /** My Drive's root folder id. */
  rootId: string;
  /** The official client; pass {@link GoogleHarness.call} as each call's options. */
  drive: drive_v3.Drive;
  /**
   * Per-call options for the official client: the emulator as `rootUrl` (a per-API `rootUrl`
   * loses the `/www.googleapis.com` path prefix, and media calls ignore it anyway), the bearer
   * token, no retries, and every status handed back instead of thrown.
   */
  call: {
    rootUrl: string;
    headers: Record<string, string>;
    retry: false;
    validateStatus: () => boolean;
    fetchImplementation: typeof fetch;
  };
  /** Raw fetch on `www.googleapis.com` with the bearer token; `path` starts with `/`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** api() then the JSON body. */
  apiJson(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: Json; headers: Headers }>;
}

/** Starts an emulator with one account and mints a token. */
export async function startGoogle(
  options: EmulatorOptions = {},
  email = 'ada@example.com',
): Promise<GoogleHarness> {
  const emu = await startEmulator({ ...options, providers: ['google'] });
  const account = emu.google.addAccount({ email, displayName: 'Ada Lovelace' });
  const { accessToken } = emu.google.mintToken(email);
  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${accessToken}`);
    return fetch(`${emu.urls.googleApis}${path}`, { ...init, headers, redirect: 'manual' });
  };
  return {
    emu,
    email,
    token: accessToken,
    rootId: account.rootId,
    drive: drive({ version: 'v3' }),
    call: {
      rootUrl: `${emu.urls.googleApis}/`,
      headers: { authorization: `Bearer ${accessToken}` },
      retry: false,
      validateStatus: () => true,
      fetchImplementation: fetch,
    },
    api,
    async apiJson(path: string, init?: RequestInit) {
      const response = await api(path, init);
      const text = await response.text();
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : undefined) as Json,
        headers: response.headers,
      };
    },
  };
}

/** A JSON request init. */
export function json(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  };
}

/** The first `errors[]` entry of a Drive error body. */
export function reasonOf(body: Json): { reason: string; domain: string; location?: string } {
  return body.error.errors[0];
}
