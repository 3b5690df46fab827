// Header lookup straight over node's rawHeaders: no Headers object, no lower-cased copy of
// every name (design.md: building those on the capture path halved throughput).

export interface HeaderHit {
  /** The first value, or undefined when the header is absent. */
  value: string | undefined;
  /** How many times the header occurs (sockudo can append a duplicate, formats.md 3.2). */
  count: number;
}

function nameIs(candidate: string, lowerName: string): boolean {
  return candidate.length === lowerName.length && (candidate === lowerName || candidate.toLowerCase() === lowerName);
}

/** First value and occurrence count of a header; `lowerName` must be lower-case. */
export function findHeader(rawHeaders: readonly string[], lowerName: string): HeaderHit {
  let value: string | undefined;
  let count = 0;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (nameIs(rawHeaders[i], lowerName)) {
      if (count === 0) value = rawHeaders[i + 1];
      count++;
    }
  }
  return { value, count };
}

/** True when the header occurs at least once. */
export function hasHeader(rawHeaders: readonly string[], lowerName: string): boolean {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (nameIs(rawHeaders[i], lowerName)) return true;
  }
  return false;
}
