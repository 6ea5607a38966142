import { resolve } from 'node:path';
import { PolydriveError } from '@polydrive/core';
import type { Env } from './load-env.js';

/** The port `npm run demo` listens on when PORT is not set. */
export const DEFAULT_PORT = 3000;

/** The largest upload the demo accepts when POLYDRIVE_DEMO_MAX_UPLOAD_MB is not set: 1 GiB. */
export const DEFAULT_MAX_UPLOAD_MB = 1024;

/** How the demo runs. */
export interface DemoConfig {
  /** 0 picks a free port. */
  readonly port: number;
  /** The local-folder connection's root, absolute. */
  readonly dataDir: string;
  /** Uploads larger than this are refused with 413. */
  readonly maxUploadBytes: number;
  /** Where real credentials (client ids and secrets) are read from. */
  readonly env: Env;
}

/**
 * Reads the demo's settings: PORT (3000), POLYDRIVE_DEMO_DATA (./demo-data) and
 * POLYDRIVE_DEMO_MAX_UPLOAD_MB (1024). Relative paths resolve against `cwd`.
 */
export function readDemoConfig(env: Env, cwd: string = process.cwd()): DemoConfig {
  return {
    port: wholeNumber(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    dataDir: resolve(cwd, env.POLYDRIVE_DEMO_DATA || 'demo-data'),
    maxUploadBytes:
      wholeNumber(env, 'POLYDRIVE_DEMO_MAX_UPLOAD_MB', DEFAULT_MAX_UPLOAD_MB, 1, 1024 * 1024) *
      1024 *
      1024,
    env,
  };
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new PolydriveError('InvalidArgument', {
      message: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}.`,
      advice: `Fix ${name} in the environment or in .env, or unset it to use ${fallback}.`,
    });
  }
  return value;
}
