// Socket ids in each server's own format, from an injected random source (tests fix it).

const digits = (random: () => number, max: number): number => Math.floor(random() * max);

/** soketi: `${random 10-digit}.${random 10-digit}` (captured: "6730494515.5345329137"). */
export function soketiSocketId(random: () => number): string {
  return `${digits(random, 1e10)}.${digits(random, 1e10)}`;
}

/** sockudo: two random integers joined by a dot (websocket/socket_id.rs L12-L16; fixture "1436789142.2718281828"). */
export const sockudoSocketId = soketiSocketId;

/** Pusher Channels: "<int>.<int>" (docs example "34718.5367461"). */
export function pusherSocketId(random: () => number): string {
  return `${1 + digits(random, 999_999)}.${1 + digits(random, 9_999_999)}`;
}

/** ts-broadcasting: crypto.randomUUID() (server.ts L298): a version 4 UUID built from `random`. */
export function uuidV4(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => digits(random, 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
