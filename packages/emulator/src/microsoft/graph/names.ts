import { invalidRequest } from './errors.js';

/** Longest decoded path (from the root, with slashes) OneDrive accepts. */
const MAX_PATH_LENGTH = 400;

const FORBIDDEN_CHARACTERS = /[/\\*<>?:|"]/;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|\.lock|desktop\.ini)$/i;

/**
 * Checks one item name against the OneDrive rules (wire reference A.10) and throws 400
 * invalidRequest / invalidPath when it breaks one.
 */
export function assertValidName(
  name: string,
  kind: 'file' | 'folder',
  driveType: 'personal' | 'business',
  atRoot: boolean,
): void {
  const reject = (why: string) => {
    throw invalidRequest(`The name '${name}' is not valid: ${why}.`, 'invalidPath');
  };
  if (name.length === 0) reject('it is empty');
  if (FORBIDDEN_CHARACTERS.test(name)) reject('it contains one of / \\ * < > ? : | "');
  if (name !== name.trim()) reject('it starts or ends with a space');
  if (RESERVED_NAMES.test(name)) reject('it is a reserved name');
  if (name.toLowerCase().includes('_vti_')) reject("it contains '_vti_'");
  if (kind === 'folder' && name.endsWith('.')) reject("a folder name cannot end with '.'");
  if (driveType === 'business' && name.startsWith('~')) reject("it starts with '~'");
  if (driveType === 'business' && atRoot && name.toLowerCase() === 'forms') {
    reject("'forms' is reserved at the root of a library");
  }
}

/** Throws 400 invalidRequest / invalidPath when a path from the root is longer than allowed. */
export function assertPathLength(segments: readonly string[]): void {
  const length = segments.reduce((total, segment) => total + 1 + segment.length, 0);
  if (length > MAX_PATH_LENGTH) {
    throw invalidRequest(
      `The path is ${length} characters long; at most ${MAX_PATH_LENGTH} are allowed.`,
      'invalidPath',
    );
  }
}

/** The name the `rename` conflict behaviour picks: `name 1.ext`, `name 2.ext`, ... */
export function renamedCandidate(name: string, kind: 'file' | 'folder', attempt: number): string {
  const dot = kind === 'file' ? name.lastIndexOf('.') : -1;
  if (dot <= 0) return `${name} ${attempt}`;
  return `${name.slice(0, dot)} ${attempt}${name.slice(dot)}`;
}

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The MIME type OneDrive infers from a file name's extension. */
export function mimeTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}
