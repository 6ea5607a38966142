import { joinBytes } from '../../server/content.js';
import { DriveError } from '../drive/errors.js';
import type { DriveFile } from './file.js';

/** A parsed `q` expression. */
export type Query =
  | { readonly kind: 'and' | 'or'; readonly left: Query; readonly right: Query }
  | { readonly kind: 'not'; readonly expr: Query }
  | { readonly kind: 'in'; readonly value: string; readonly collection: Collection }
  | {
      readonly kind: 'compare';
      readonly field: CompareField;
      readonly op: Operator;
      readonly value: string | boolean;
    }
  | {
      readonly kind: 'contains';
      readonly field: 'name' | 'mimeType' | 'fullText';
      readonly value: string;
    }
  | {
      readonly kind: 'has';
      readonly field: 'properties' | 'appProperties';
      readonly key: string;
      readonly value: string;
    }
  | { readonly kind: 'sharedWithMe' };

type Collection = 'parents' | 'owners' | 'writers' | 'readers';
type CompareField = 'name' | 'mimeType' | 'trashed' | 'starred' | 'modifiedTime' | 'createdTime';
type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** What evaluating a query needs to know beyond the file itself. */
export interface QueryContext {
  /** Resolves `'root'` and other aliases in `'x' in parents`. */
  readonly resolveId: (id: string) => string;
  /** True when the email (or `me`) is in the file's owners, writers or readers. */
  readonly inCollection: (
    file: DriveFile,
    who: string,
    collection: 'owners' | 'writers' | 'readers',
  ) => boolean;
  /** True when the file was shared with the caller (they are not its owner). */
  readonly sharedWithMe: (file: DriveFile) => boolean;
}

type Token =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'word'; readonly value: string }
  | { readonly type: 'op'; readonly value: string };

const FIELD_OPERATORS: Record<CompareField, readonly Operator[]> = {
  name: ['=', '!='],
  mimeType: ['=', '!='],
  trashed: ['=', '!='],
  starred: ['=', '!='],
  modifiedTime: ['=', '!=', '<', '<=', '>', '>='],
  createdTime: ['=', '!=', '<', '<=', '>', '>='],
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** The 400 Drive answers for a `q` it cannot parse. */
export function invalidQuery(detail?: string): DriveError {
  return new DriveError(400, 'invalid', detail ? `Invalid Value: ${detail}` : 'Invalid Value', {
    location: 'q',
    locationType: 'parameter',
  });
}

/**
 * Parses the subset of the Drive query language the emulator knows (wire reference B.3):
 * `'id' in parents`, `'me' in owners|writers|readers`, `name`/`mimeType` `=`, `!=` and
 * `contains`, `fullText contains`, `trashed`/`starred` `=`/`!=`, `modifiedTime`/`createdTime`
 * comparisons, `properties has { key='k' and value='v' }`, `sharedWithMe`, combined with
 * `and`, `or`, `not` and parentheses. Anything else is a 400.
 */
export function parseQuery(text: string): Query {
  const parser = new QueryParser(tokenize(text));
  return parser.parse();
}

/** True when the file matches the query. */
export function matches(query: Query, file: DriveFile, context: QueryContext): boolean {
  switch (query.kind) {
    case 'and':
      return matches(query.left, file, context) && matches(query.right, file, context);
    case 'or':
      return matches(query.left, file, context) || matches(query.right, file, context);
    case 'not':
      return !matches(query.expr, file, context);
    case 'in':
      if (query.collection === 'parents')
        return file.parents.includes(context.resolveId(query.value));
      return context.inCollection(file, query.value, query.collection);
    case 'compare':
      return compare(query, file);
    case 'contains':
      return contains(query.field, query.value, file);
    case 'has': {
      const bag = query.field === 'properties' ? file.properties : file.appProperties;
      return bag[query.key] === query.value;
    }
    case 'sharedWithMe':
      return context.sharedWithMe(file);
  }
}

function compare(query: Extract<Query, { kind: 'compare' }>, file: DriveFile): boolean {
  const { field, op, value } = query;
  if (field === 'trashed' || field === 'starred') {
    const actual = field === 'trashed' ? file.trashed : file.starred;
    return op === '=' ? actual === value : actual !== value;
  }
  if (field === 'name' || field === 'mimeType') {
    const actual = field === 'name' ? file.name : file.mimeType;
    return op === '=' ? actual === value : actual !== value;
  }
  const actual = field === 'modifiedTime' ? file.modified : file.created;
  const wanted = Date.parse(value as string);
  switch (op) {
    case '=':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '>':
      return actual > wanted;
    case '>=':
      return actual >= wanted;
  }
}

/**
 * `name contains` matches the start of the name or of any word in it (Drive's prefix rule:
 * "HelloWorld" matches 'Hello' but not 'World'); `mimeType contains` is a substring test;
 * `fullText contains` looks for the whole words in the name and in text content.
 */
function contains(
  field: 'name' | 'mimeType' | 'fullText',
  value: string,
  file: DriveFile,
): boolean {
  const needle = value.toLowerCase();
  if (field === 'mimeType') return file.mimeType.toLowerCase().includes(needle);
  if (field === 'name') {
    const name = file.name.toLowerCase();
    for (let i = 0; i < name.length; i++) {
      const boundary = i === 0 || !/[\p{L}\p{N}]/u.test(name[i - 1] as string);
      if (boundary && name.startsWith(needle, i)) return true;
    }
    return false;
  }
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const wanted = words(value);
  if (wanted.length === 0) return false;
  const haystacks = [file.name, file.docText ?? '', textOf(file)];
  return haystacks.some((text) => {
    const have = words(text);
    return have.some((_, start) => wanted.every((word, i) => have[start + i] === word));
  });
}

function textOf(file: DriveFile): string {
  const blob = file.blob;
  if (!blob || blob.size > 1024 * 1024) return '';
  if (!file.mimeType.startsWith('text/') && file.mimeType !== 'application/json') return '';
  return joinBytes(blob).toString('utf8');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw invalidQuery('unterminated string');
        const c = text[i] as string;
        if (c === '\\') {
          const next = text[i + 1];
          if (next !== "'" && next !== '\\') throw invalidQuery('bad escape in a string');
          value += next;
          i += 2;
        } else if (c === "'") {
          i += 1;
          break;
        } else {
          value += c;
          i += 1;
        }
      }
      tokens.push({ type: 'string', value });
    } else if ('()={}'.includes(ch)) {
      tokens.push({ type: 'op', value: ch });
      i += 1;
    } else if (ch === '!' || ch === '<' || ch === '>') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'op', value: two });
        i += 2;
      } else if (ch === '!') {
        throw invalidQuery("'!' must be followed by '='");
      } else {
        tokens.push({ type: 'op', value: ch });
        i += 1;
      }
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (!match) throw invalidQuery(`unexpected character '${ch}'`);
      tokens.push({ type: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class QueryParser {
  #pos = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Query {
    if (this.tokens.length === 0) throw invalidQuery('empty query');
    const query = this.#or();
    if (this.#pos !== this.tokens.length) throw invalidQuery('unexpected text after the query');
    return query;
  }

  #or(): Query {
    let left = this.#and();
    while (this.#keyword('or')) left = { kind: 'or', left, right: this.#and() };
    return left;
  }

  #and(): Query {
    let left = this.#not();
    while (this.#keyword('and')) left = { kind: 'and', left, right: this.#not() };
    return left;
  }

  #not(): Query {
    if (this.#keyword('not')) return { kind: 'not', expr: this.#not() };
    return this.#primary();
  }

  #primary(): Query {
    const token = this.#next();
    if (token.type === 'op' && token.value === '(') {
      const inner = this.#or();
      this.#expectOp(')');
      return inner;
    }
    if (token.type === 'string') {
      if (!this.#keyword('in')) throw invalidQuery("expected 'in' after a string");
      const collection = this.#next();
      const name = collection.type === 'word' ? collection.value : '';
      if (!['parents', 'owners', 'writers', 'readers'].includes(name)) {
        throw invalidQuery(`cannot test membership in '${collection.value}'`);
      }
      return { kind: 'in', value: token.value, collection: name as Collection };
    }
    if (token.type !== 'word') throw invalidQuery(`unexpected '${token.value}'`);
    const field = token.value;
    if (field === 'sharedWithMe') return { kind: 'sharedWithMe' };
    if (field === 'properties' || field === 'appProperties') return this.#has(field);
    if (this.#keyword('contains')) {
      if (field !== 'name' && field !== 'mimeType' && field !== 'fullText') {
        throw invalidQuery(`'${field}' does not support contains`);
      }
      return { kind: 'contains', field, value: this.#string() };
    }
    if (!(field in FIELD_OPERATORS)) throw invalidQuery(`unknown query term '${field}'`);
    const compareField = field as CompareField;
    const op = this.#next();
    if (
      op.type !== 'op' ||
      !(FIELD_OPERATORS[compareField] as readonly string[]).includes(op.value)
    ) {
      throw invalidQuery(`'${field}' does not support '${op.value}'`);
    }
    if (compareField === 'trashed' || compareField === 'starred') {
      const value = this.#next();
      if (value.type !== 'word' || !['true', 'false'].includes(value.value.toLowerCase())) {
        throw invalidQuery(`'${field}' compares with true or false`);
      }
      return {
        kind: 'compare',
        field: compareField,
        op: op.value as Operator,
        value: value.value.toLowerCase() === 'true',
      };
    }
    const value = this.#string();
    if (compareField === 'modifiedTime' || compareField === 'createdTime') {
      if (!RFC3339.test(value)) throw invalidQuery(`'${value}' is not an RFC 3339 date`);
      // Drive reads a time without a zone as UTC, and a bare date as its midnight.
      const normalised = !value.includes('T')
        ? `${value}T00:00:00Z`
        : /(Z|[+-]\d{2}:\d{2})$/i.test(value)
          ? value
          : `${value}Z`;
      if (Number.isNaN(Date.parse(normalised))) throw invalidQuery(`'${value}' is not a date`);
      return { kind: 'compare', field: compareField, op: op.value as Operator, value: normalised };
    }
    return { kind: 'compare', field: compareField, op: op.value as Operator, value };
  }

  /** `properties has { key='k' and value='v' }`. */
  #has(field: 'properties' | 'appProperties'): Query {
    if (!this.#keyword('has')) throw invalidQuery(`'${field}' is tested with has { ... }`);
    this.#expectOp('{');
    const pair: Record<string, string> = {};
    for (const part of ['key', 'value'] as const) {
      if (part === 'value' && !this.#keyword('and')) throw invalidQuery("expected 'and value='");
      const word = this.#next();
      if (word.type !== 'word' || word.value !== part) throw invalidQuery(`expected '${part}'`);
      this.#expectOp('=');
      pair[part] = this.#string();
    }
    this.#expectOp('}');
    return { kind: 'has', field, key: pair.key as string, value: pair.value as string };
  }

  #string(): string {
    const token = this.#next();
    if (token.type !== 'string')
      throw invalidQuery(`expected a quoted string, got '${token.value}'`);
    return token.value;
  }

  #expectOp(value: string): void {
    const token = this.#next();
    if (token.type !== 'op' || token.value !== value) throw invalidQuery(`expected '${value}'`);
  }

  #keyword(word: string): boolean {
    const token = this.tokens[this.#pos];
    if (token?.type === 'word' && token.value.toLowerCase() === word) {
      this.#pos += 1;
      return true;
    }
    return false;
  }

  #next(): Token {
    const token = this.tokens[this.#pos];
    if (!token) throw invalidQuery('the query ends too early');
    this.#pos += 1;
    return token;
  }
}
