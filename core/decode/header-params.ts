// Parameters of a structured header value such as Content-Type or Content-Disposition
// (`type; a=b; c="quoted; value"`), RFC 9110 §5.6.6 quoting. Names are lower-cased.
const PARAM = /;\s*([!#$%&'*+.^_`|~0-9a-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/gi;

export function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of value.matchAll(PARAM)) {
    const name = m[1].toLowerCase();
    let v = m[2].trim();
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, v);
  }
  return params;
}
