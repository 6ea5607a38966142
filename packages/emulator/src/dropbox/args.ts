import { badInput } from './errors.js';

/**
 * Reads the fields of a route's JSON argument with the checks Dropbox's API gateway makes: a
 * field of the wrong type, or a missing required one, is a 400 naming the field.
 */
export class Args {
  readonly #value: Record<string, unknown>;

  constructor(
    readonly route: string,
    value: unknown,
    readonly prefix = '',
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw badInput(route, `request body${prefix ? `: ${prefix}` : ''}: expected object`);
    }
    this.#value = value as Record<string, unknown>;
  }

  /** A required string. */
  string(name: string): string {
    const value = this.#value[name];
    if (value === undefined || value === null) throw this.#missing(name);
    if (typeof value !== 'string') throw this.#wrong(name, 'string', value);
    return value;
  }

  /** An optional string. */
  optionalString(name: string): string | undefined {
    const value = this.#value[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.#wrong(name, 'string', value);
    return value;
  }

  /** A boolean with a default. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.#value[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw this.#wrong(name, 'boolean', value);
    return value;
  }

  /** An integer in [min, max], or `fallback` (undefined: required). */
  integer(name: string, min: number, max: number, fallback?: number): number {
    const value = this.#value[name];
    if (value === undefined || value === null) {
      if (fallback === undefined) throw this.#missing(name);
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw this.#wrong(name, 'integer', value);
    if (value < min || value > max) {
      throw badInput(
        this.route,
        `request body: ${this.#field(name)}: ${value} is not within range [${min}, ${max}]`,
      );
    }
    return value;
  }

  /** An optional integer in [min, max]. */
  optionalInteger(name: string, min: number, max: number): number | undefined {
    return this.#value[name] === undefined || this.#value[name] === null
      ? undefined
      : this.integer(name, min, max);
  }

  /** A nested struct, required. */
  struct(name: string): Args {
    const value = this.#value[name];
    if (value === undefined || value === null) throw this.#missing(name);
    return new Args(this.route, value, this.#field(name));
  }

  /** A nested struct, optional. */
  optionalStruct(name: string): Args | undefined {
    const value = this.#value[name];
    return value === undefined || value === null
      ? undefined
      : new Args(this.route, value, this.#field(name));
  }

  /** A list, required. */
  list(name: string): unknown[] {
    const value = this.#value[name];
    if (value === undefined || value === null) throw this.#missing(name);
    if (!Array.isArray(value)) throw this.#wrong(name, 'list', value);
    return value;
  }

  /**
   * A union member's tag (`"add"` or `{".tag": "add", ...}`), one of `allowed`, and the member's
   * own fields; `fallback` when the field is absent.
   */
  union<T extends string>(
    name: string,
    allowed: readonly T[],
    fallback?: T,
  ): { tag: T; value: Record<string, unknown> } {
    const raw = this.#value[name];
    if (raw === undefined || raw === null) {
      if (fallback === undefined) throw this.#missing(name);
      return { tag: fallback, value: {} };
    }
    const tag =
      typeof raw === 'string'
        ? raw
        : typeof raw === 'object' && !Array.isArray(raw)
          ? (raw as Record<string, unknown>)['.tag']
          : undefined;
    if (typeof tag !== 'string') throw this.#wrong(name, 'union', raw);
    if (!(allowed as readonly string[]).includes(tag)) {
      throw badInput(this.route, `request body: ${this.#field(name)}: unknown tag '${tag}'`);
    }
    return {
      tag: tag as T,
      value: typeof raw === 'object' ? (raw as Record<string, unknown>) : {},
    };
  }

  #field(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  #missing(name: string) {
    return badInput(this.route, `request body: missing required field '${this.#field(name)}'`);
  }

  #wrong(name: string, expected: string, value: unknown) {
    const got = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value;
    return badInput(
      this.route,
      `request body: ${this.#field(name)}: expected ${expected}, got ${got}`,
    );
  }
}
