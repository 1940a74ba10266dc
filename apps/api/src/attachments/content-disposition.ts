/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the original (Chinese) name per RFC 6266 / 5987, and for
 * old clients an ASCII fallback (other characters as `_`, the extension kept). Always `attachment`, so a
 * browser never renders a download inline.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
