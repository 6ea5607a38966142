/**
 * A `Content-Disposition: attachment` header for a file name (RFC 6266): an ASCII fallback for old
 * clients and the exact UTF-8 name in `filename*`. Always an attachment, so a stored HTML file is
 * saved, never rendered in the demo's origin.
 */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
