// Headers as node's rawHeaders keeps them: a flat [name, value, name, value, ...] list in arrival
// order, original case, duplicates kept. Shared by the server's capture path and the viewer.

/** The first value of a header (case-insensitive name) or null. `lowerName` must be lower-case. */
export function headerValue(rawHeaders: readonly string[], lowerName: string): string | null {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === lowerName.length && rawHeaders[i].toLowerCase() === lowerName) return rawHeaders[i + 1];
  }
  return null;
}
