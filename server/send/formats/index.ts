// Every broadcast server hookscope can play: one file per server, one line here. The contract test
// (server/send/formats/formats.test.ts) checks each against its captured fixtures.
import type { SendServer } from '../../../core/send.js';
import type { SendFormat } from '../types.js';
import { pusherFormat } from './pusher.js';
import { sockudoFormat } from './sockudo.js';
import { soketiFormat } from './soketi.js';
import { tsBroadcastingFormat } from './ts-broadcasting.js';

export const sendFormats: readonly SendFormat[] = [pusherFormat, soketiFormat, sockudoFormat, tsBroadcastingFormat];

export function sendFormat(id: SendServer): SendFormat {
  const found = sendFormats.find((f) => f.id === id);
  if (!found) throw new Error(`no send format ${id}`);
  return found;
}
