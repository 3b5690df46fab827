// How each server's HTTP stack turns its header object into wire order. Three behaviours matter:
// - a JS object literal with a spread (`{A, B, ...custom, C}`): an exact-case key assigned again keeps
//   its first position and takes the later value (soketi, ts-broadcasting build their headers so);
// - node's OutgoingMessage.setHeader: names compare case-insensitively, a later set keeps the first
//   position but takes the later name and value (axios -> node http, soketi);
// - fetch Headers: append() joins values of one name with ", " (Bun, ts-broadcasting).

export type HeaderList = [string, string][];

/** `{ ...a, ...b }` on plain objects: exact-case keys, first position, last value. */
export function spreadObjects(...parts: HeaderList[]): HeaderList {
  const out = new Map<string, string>();
  for (const part of parts) for (const [name, value] of part) out.set(name, value);
  return [...out];
}

/** node's setHeader loop: case-insensitive, first position, last name and value. */
export function nodeSetHeaders(list: HeaderList): HeaderList {
  const out = new Map<string, [string, string]>();
  for (const [name, value] of list) out.set(name.toLowerCase(), [name, value]);
  return [...out.values()];
}

/** new Headers(record): case-insensitive, values of one name joined with ", ", the first name's case kept. */
export function fetchHeaders(list: HeaderList): HeaderList {
  const out = new Map<string, [string, string]>();
  for (const [name, value] of list) {
    const seen = out.get(name.toLowerCase());
    out.set(name.toLowerCase(), seen ? [seen[0], `${seen[1]}, ${value}`] : [name, value]);
  }
  return [...out.values()];
}

export const hasHeader = (list: HeaderList, name: string): boolean => list.some(([n]) => n.toLowerCase() === name.toLowerCase());

/** Appends `[name, value]` unless a header of that name (any case) is already there. */
export function addDefault(list: HeaderList, name: string, value: string): HeaderList {
  return hasHeader(list, name) ? list : [...list, [name, value]];
}

export const flat = (list: HeaderList): string[] => list.flat();

export const byteLength = (body: string): string => String(Buffer.byteLength(body));
