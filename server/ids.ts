// Bin ids: a user's name, or 128 random bits in URL-safe base64 (22 chars).
import { randomBytes } from 'node:crypto';

export const BIN_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isBinName(text: string): boolean {
  return BIN_NAME_RE.test(text);
}

/** A random id is 22 base64url chars; it is not a valid name when it holds an upper-case letter, so retry until it has one. */
export function randomBinId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!isBinName(id)) return id;
  }
}

export function isBinId(text: string): boolean {
  return isBinName(text) || /^[A-Za-z0-9_-]{22}$/.test(text);
}
