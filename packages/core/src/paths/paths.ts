import type { NameRules } from '../capabilities/capabilities.js';
import { PERMISSIVE_NAME_RULES } from '../capabilities/capabilities.js';
import { PolydriveError } from '../errors/polydrive-error.js';

/** The root folder's path. */
export const ROOT_PATH = '/';

// C0 controls and DEL; NUL is reported on its own because it usually means a bug upstream.
function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function invalid(path: string, problem: string, advice: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Invalid path ${JSON.stringify(path)}: ${problem}.`,
    advice,
    target: path,
  });
}

/**
 * Validates a path and returns it normalised: it starts with `/`, has no trailing `/` (except the
 * root) and no empty, `.` or `..` segments. `''`, `/` and `.` mean the root; a relative path is
 * taken from the root. Names are kept byte for byte (no Unicode normalisation): providers
 * store names as given, and NFC and NFD spellings are different names to most of them.
 */
export function normalizePath(path: string, rules: NameRules = PERMISSIVE_NAME_RULES): string {
  if (typeof path !== 'string') {
    throw new PolydriveError('InvalidArgument', {
      message: `A path must be a string, got ${path === null ? 'null' : typeof path}.`,
      advice: "Pass a path such as '/folder/file.txt', or { id } to address an item by id.",
    });
  }
  if (path.includes('\u0000')) {
    throw invalid(path, 'it contains a NUL character', 'Remove the NUL (\\0) from the path.');
  }
  if (hasControlChar(path)) {
    throw invalid(
      path,
      'it contains a control character',
      'Remove control characters (tabs, newlines, \\x01-\\x1f, \\x7f) from the name.',
    );
  }
  if (path === '' || path === '/' || path === '.') return ROOT_PATH;
  const body = path.startsWith('/') ? path.slice(1) : path;
  const trimmed = body.endsWith('/') ? body.slice(0, -1) : body;
  const segments = trimmed.split('/');
  for (const segment of segments) {
    if (segment === '') {
      throw invalid(path, 'it has an empty segment (//)', 'Remove the doubled slash.');
    }
    if (segment === '.' || segment === '..') {
      throw invalid(
        path,
        `it has a '${segment}' segment`,
        "Resolve '.' and '..' before calling; Polydrive paths are always absolute from the drive root.",
      );
    }
    checkNameRules(segment, rules, path);
  }
  const normalized = `/${segments.join('/')}`;
  if (normalized.length > rules.maxPathLength) {
    throw invalid(
      path,
      `it is ${normalized.length} characters long, over this provider's limit of ${rules.maxPathLength}`,
      'Use shorter folder or file names, or a shallower folder tree.',
    );
  }
  return normalized;
}

/**
 * Checks one name against a provider's rules and throws `InvalidArgument` saying which rule
 * it breaks. `path` is the full path, for the message.
 */
export function validateName(name: string, rules: NameRules, path: string = name): void {
  if (name === '' || name === '.' || name === '..') {
    throw invalid(
      path,
      `${JSON.stringify(name)} is not a valid name`,
      'Give the item a real name.',
    );
  }
  if (name.includes('/')) {
    throw invalid(path, `the name ${JSON.stringify(name)} contains '/'`, "A name cannot hold '/'.");
  }
  if (hasControlChar(name)) {
    throw invalid(path, 'a name contains a control character', 'Remove control characters.');
  }
  checkNameRules(name, rules, path);
}

/** A provider's name rules prepared for checking many names: built once per rules object. */
interface PreparedRules {
  /** Matches any character of `invalidChars`, or undefined when there are none. */
  readonly invalid: RegExp | undefined;
  readonly reserved: ReadonlySet<string>;
}

const prepared = new WeakMap<NameRules, PreparedRules>();

function prepare(rules: NameRules): PreparedRules {
  let ready = prepared.get(rules);
  if (!ready) {
    const chars = [...rules.invalidChars];
    ready = {
      invalid:
        chars.length > 0
          ? new RegExp(
              `[${chars.map((c) => `\\u{${c.codePointAt(0)?.toString(16)}}`).join('')}]`,
              'u',
            )
          : undefined,
      reserved: new Set(rules.reservedNames.map((r) => r.toLowerCase())),
    };
    prepared.set(rules, ready);
  }
  return ready;
}

/** The checks that depend on the provider's rules, for a name already free of '/' and controls. */
function checkNameRules(name: string, rules: NameRules, path: string): void {
  if (name.length > rules.maxNameLength) {
    throw invalid(
      path,
      `the name is ${name.length} characters long, over this provider's limit of ${rules.maxNameLength}`,
      'Use a shorter name.',
    );
  }
  const { invalid: invalidChar, reserved } = prepare(rules);
  const found = invalidChar?.exec(name)?.[0];
  if (found !== undefined) {
    throw invalid(
      path,
      `the name ${JSON.stringify(name)} contains ${JSON.stringify(found)}, which this provider does not allow`,
      `Replace these characters in names: ${[...rules.invalidChars].join(' ')}`,
    );
  }
  if (rules.noLeadingOrTrailingSpace && name.trim() !== name) {
    throw invalid(
      path,
      `the name ${JSON.stringify(name)} starts or ends with white space`,
      'Trim the spaces.',
    );
  }
  if (rules.noTrailingDot && name.endsWith('.')) {
    throw invalid(path, `the name ${JSON.stringify(name)} ends with a dot`, 'Drop the final dot.');
  }
  if (reserved.size > 0 && reserved.has(name.toLowerCase())) {
    throw invalid(
      path,
      `${JSON.stringify(name)} is a reserved name on this provider`,
      'Choose another name.',
    );
  }
}

/** Splits a normalised path into its parent path and name. The root has no parent. */
export function splitPath(path: string): { parent: string; name: string } {
  if (path === ROOT_PATH) {
    throw new PolydriveError('InvalidArgument', {
      message: 'The root folder has no parent and no name.',
      advice: 'Name an item inside the root, such as /file.txt.',
      target: path,
    });
  }
  const i = path.lastIndexOf('/');
  return { parent: i === 0 ? ROOT_PATH : path.slice(0, i), name: path.slice(i + 1) };
}

/** Joins a normalised folder path and a name. */
export function joinPath(folder: string, name: string): string {
  return folder === ROOT_PATH ? `/${name}` : `${folder}/${name}`;
}

/** The names along a normalised path; `[]` for the root. */
export function pathSegments(path: string): string[] {
  return path === ROOT_PATH ? [] : path.slice(1).split('/');
}

/** True when `path` is `ancestor` or lies inside it (both normalised). */
export function isSameOrInside(path: string, ancestor: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? path.toLowerCase() : path;
  const a = caseInsensitive ? ancestor.toLowerCase() : ancestor;
  return a === ROOT_PATH || p === a || p.startsWith(`${a}/`);
}
