/**
 * JSON for the Dropbox-API-Arg header: every character from U+007F up written as `\uXXXX`, as
 * the SDK does, since HTTP headers carry bytes, not UTF-8 text.
 */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
