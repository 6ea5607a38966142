import { PolydriveError } from '../errors/polydrive-error.js';

/**
 * How one option is checked, and converted when it arrives as a URI query string:
 * - `string`: a non-empty string;
 * - `number`: a non-negative finite number (`'42'` becomes 42);
 * - `boolean`: true or false (`'true'`/`'1'` and `'false'`/`'0'` are converted);
 * - `list`: a non-empty list of strings (a string is split on spaces and commas); `items` names
 *   what they are in messages (`scope names`);
 * - `oneOf`: one of the listed strings;
 * - `object` and `function`: passed through once `typeof` matches (null refused).
 */
export type ProviderOptionSpec =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'function'
  | { readonly kind: 'list'; readonly items: string }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] };

/** One spec for every key of a provider's options type: a key left out does not compile. */
export type ProviderOptionSchema<T> = { readonly [K in keyof T]-?: ProviderOptionSpec };

/** Who the options are for, in errors: the provider's name and how users call it. */
export interface ProviderOptionNames {
  /** The registry name, set as the error's `provider` (`onedrive`). */
  readonly provider: string;
  /** The name messages use (`OneDrive`). */
  readonly label: string;
}

/**
 * Checks options given as a plain record, as the registry passes them, against `schema`: URI
 * query strings are converted to numbers, booleans and lists, undefined values are dropped, and
 * unknown keys are refused rather than ignored. Messages name the key and what it must be, never
 * the value given (it may be a secret).
 */
export function parseProviderOptions<T extends object>(
  raw: Record<string, unknown>,
  schema: ProviderOptionSchema<T>,
  names: ProviderOptionNames,
): T {
  const specs: Readonly<Record<string, ProviderOptionSpec>> = schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(specs, key)) {
      throw new PolydriveError('InvalidArgument', {
        message: `Unknown ${names.label} option ${JSON.stringify(key)}.`,
        advice: `Known options: ${Object.keys(specs).sort().join(', ')}.`,
        provider: names.provider,
      });
    }
    const converted = convert(value, specs[key] as ProviderOptionSpec);
    if (!converted.ok) {
      throw new PolydriveError('InvalidArgument', {
        message: `The ${names.label} option ${key} must be ${converted.expected}.`,
        advice: 'Fix the option in the drive configuration or URI.',
        provider: names.provider,
      });
    }
    out[key] = converted.value;
  }
  return out as T;
}

type Converted =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly expected: string };

function convert(value: unknown, spec: ProviderOptionSpec): Converted {
  switch (spec) {
    case 'string':
      return typeof value === 'string' && value !== ''
        ? { ok: true, value }
        : { ok: false, expected: 'a non-empty string' };
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) && n >= 0
        ? { ok: true, value: n }
        : { ok: false, expected: 'a non-negative number' };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === '1') return { ok: true, value: true };
      if (value === 'false' || value === '0') return { ok: true, value: false };
      return { ok: false, expected: 'true or false' };
    case 'object':
      return typeof value === 'object' && value !== null
        ? { ok: true, value }
        : { ok: false, expected: 'an object' };
    case 'function':
      return typeof value === 'function'
        ? { ok: true, value }
        : { ok: false, expected: 'a function' };
  }
  if (spec.kind === 'oneOf') {
    return typeof value === 'string' && spec.values.includes(value)
      ? { ok: true, value }
      : { ok: false, expected: alternatives(spec.values) };
  }
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  return Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === 'string')
    ? { ok: true, value: list }
    : { ok: false, expected: `a list of ${spec.items}` };
}

/** `'a', 'b' or 'c'`. */
function alternatives(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? `${last}` : `${quoted.join(', ')} or ${last}`;
}
