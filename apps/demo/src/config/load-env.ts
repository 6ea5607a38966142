import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { errnoCode, PolydriveError } from '@polydrive/core';

/** Environment variables as the demo reads them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The process environment over the values of a `.env` file (the process wins, so a variable set on
 * the command line overrides the file). A missing file is fine: the demo needs no configuration.
 */
export async function loadEnv(processEnv: Env, envFile: string): Promise<Env> {
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return processEnv;
    throw new PolydriveError('InvalidArgument', {
      message: `Cannot read ${envFile}.`,
      advice: 'Make the file readable, or remove it.',
      cause: err,
    });
  }
  return { ...parseEnv(text), ...definedOnly(processEnv) };
}

function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
