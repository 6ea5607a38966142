import { createHash } from 'node:crypto';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../src/index.js';

/** A JSON body from the wire; its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON is checked by the assertions, not by types.
export type Json = Record<string, any>;

/** A started emulator with one account and a token, plus fetch helpers for Graph. */
export interface Harness {
  emu: EmulatorHandle;
  email: string;
  token: string;
  /** fetch against Graph v1.0 with the bearer token; `path` starts with `/`. */
  graph(path: string, init?: RequestInit): Promise<Response>;
  /** graph() then JSON body. */
  graphJson<T = Record<string, unknown>>(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

/** Starts an emulator with one account (personal unless told) and mints a token. */
export async function startHarness(
  options: EmulatorOptions = {},
  account: { email?: string; driveType?: 'personal' | 'business' } = {},
): Promise<Harness> {
  const emu = await startEmulator(options);
  const email = account.email ?? 'ada@example.com';
  emu.microsoft.addAccount({
    email,
    displayName: 'Ada Lovelace',
    driveType: account.driveType ?? 'personal',
  });
  const { accessToken } = emu.microsoft.mintToken(email);
  const graph = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${accessToken}`);
    return fetch(`${emu.urls.graph}${path}`, {
      ...init,
      headers,
      redirect: init.redirect ?? 'manual',
    });
  };
  return {
    emu,
    email,
    token: accessToken,
    graph,
    async graphJson<T>(path: string, init?: RequestInit) {
      const response = await graph(path, init);
      const text = await response.text();
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : undefined) as T,
        headers: response.headers,
      };
    },
  };
}

/** A JSON request init. */
export function jsonBody(
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

/** Deterministic pseudo-random bytes (so failures reproduce). */
export function pseudoRandomBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let block = Buffer.alloc(0);
  let counter = 0;
  for (let offset = 0; offset < length; offset += block.length) {
    block = createHash('sha256').update(`${seed}:${counter++}`).digest();
    block.copy(out, offset, 0, Math.min(block.length, length - offset));
  }
  return out;
}

/**
 * The quickXorHash written the straightforward way from the wire reference (A.2): a 160-bit
 * register as a BigInt, each byte XORed in rotated left by (i * 11) mod 160 bits, serialised
 * little-endian, the length XORed into bytes 12..19.
 */
export function naiveQuickXor(data: Uint8Array): string {
  const width = 160n;
  const mask = (1n << width) - 1n;
  let register = 0n;
  for (let i = 0; i < data.length; i++) {
    const shift = BigInt((i * 11) % 160);
    const value = BigInt(data[i] as number) << shift;
    register ^= (value | (value >> width)) & mask;
  }
  const bytes = Buffer.alloc(20);
  for (let i = 0; i < 20; i++) bytes[i] = Number((register >> BigInt(8 * i)) & 0xffn);
  let length = BigInt(data.length);
  for (let i = 12; i < 20; i++) {
    bytes[i] = (bytes[i] as number) ^ Number(length & 0xffn);
    length >>= 8n;
  }
  return bytes.toString('base64');
}
