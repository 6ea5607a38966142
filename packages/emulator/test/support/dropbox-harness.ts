import { createHash } from 'node:crypto';
import { Dropbox, DropboxAuth } from 'dropbox';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../src/index.js';

/** A JSON body from the wire; its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON is checked by the assertions, not by types.
export type Json = Record<string, any>;

/** What a raw request got back. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: Json;
}

/** A started emulator with one Dropbox account, a token, the SDK and raw helpers. */
export interface DropboxHarness {
  emu: EmulatorHandle;
  email: string;
  token: string;
  /** The dropbox SDK, pointed at the emulator through its `fetch`. */
  sdk: Dropbox;
  /** POST an RPC route (`files/list_folder`) with a JSON argument. */
  rpc(route: string, arg: unknown, token?: string): Promise<RawAnswer>;
  /** POST a content route with the argument in Dropbox-API-Arg (escaped as the SDK does). */
  content(
    route: string,
    arg: unknown,
    body?: Uint8Array,
    headers?: Record<string, string>,
  ): Promise<RawAnswer>;
}

/**
 * A fetch for the dropbox SDK: it rewrites `https://{api,content}.dropboxapi.com/` and
 * `https://(www.)dropbox.com/` to the emulator (wire reference E.2), and gives the response the
 * `buffer()` method the SDK's Node download path calls (node-fetch has it, the global fetch not).
 */
export function emulatorFetch(emu: EmulatorHandle): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input).replace(
      /^https:\/\/(api\.dropboxapi\.com|content\.dropboxapi\.com|(?:www\.)?dropbox\.com)\//,
      `${emu.url}/$1/`,
    );
    const response = await fetch(url, init);
    return Object.assign(response, {
      buffer: async () => Buffer.from(await response.arrayBuffer()),
    });
  }) as typeof fetch;
}

/** Starts an emulator with one account and mints an offline token. */
export async function startDropbox(options: EmulatorOptions = {}): Promise<DropboxHarness> {
  const emu = await startEmulator(options);
  const email = 'ada@example.com';
  emu.dropbox.addAccount({ email, displayName: 'Ada Lovelace' });
  const { accessToken } = emu.dropbox.mintToken(email);
  const sdk = new Dropbox({ accessToken, fetch: emulatorFetch(emu) });
  const answer = async (response: Response): Promise<RawAnswer> => {
    const text = await response.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = {};
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    emu,
    email,
    token: accessToken,
    sdk,
    async rpc(route, arg, token = accessToken) {
      return answer(
        await fetch(`${emu.urls.dropboxApi}/2/${route}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            ...(arg === null ? {} : { 'content-type': 'application/json' }),
          },
          ...(arg === null ? {} : { body: JSON.stringify(arg) }),
        }),
      );
    },
    async content(route, arg, body, headers = {}) {
      return answer(
        await fetch(`${emu.urls.dropboxContent}/2/${route}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'dropbox-api-arg': headerJson(arg),
            ...(body ? { 'content-type': 'application/octet-stream' } : {}),
            ...headers,
          },
          ...(body ? { body } : {}),
        }),
      );
    },
  };
}

/** JSON escaped for a header, as the SDK writes Dropbox-API-Arg. */
export function headerJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Dropbox's content_hash written the plain way from the wire reference (C.3). */
export function referenceContentHash(data: Uint8Array): string {
  const block = 4 * 1024 * 1024;
  const digests: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += block) {
    digests.push(
      createHash('sha256')
        .update(data.subarray(offset, offset + block))
        .digest(),
    );
  }
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/** A DropboxAuth for an app key, talking to the emulator. */
export function emulatorAuth(
  emu: EmulatorHandle,
  options: { clientId: string; clientSecret?: string },
): DropboxAuth {
  return new DropboxAuth({ ...options, fetch: emulatorFetch(emu) });
}
