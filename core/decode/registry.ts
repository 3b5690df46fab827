// The decoder registry: one line per decoder, most specific first. decodeBody asks each in turn
// and takes the first non-null answer; `binary` always answers, so every body gets a view.
import { binaryDecoder } from './binary.js';
import { formDecoder } from './form.js';
import { jsonDecoder } from './json.js';
import { multipartDecoder } from './multipart.js';
import { pusherBatchDecoder } from './pusher-batch.js';
import { sockudoEventDecoder } from './sockudo-event.js';
import { textDecoder } from './text.js';
import { tsBroadcastingDecoder } from './ts-broadcasting.js';
import type { Decoder } from './types.js';

export const decoders: readonly Decoder[] = Object.freeze([
  pusherBatchDecoder,
  sockudoEventDecoder,
  tsBroadcastingDecoder,
  multipartDecoder,
  formDecoder,
  jsonDecoder,
  textDecoder,
  binaryDecoder,
]);

/** Bump when the shared machinery (context, event fields) changes what any decoder returns. */
const REGISTRY_REVISION = 1;

/**
 * Identifies what the registered decoders produce. The server stores it beside its event index and
 * rebuilds the index when it differs. Changes with the registry revision, the decoders' ids and
 * order, and each decoder's own `revision`.
 */
export const DECODER_VERSION = `${REGISTRY_REVISION}:${decoders.map((d) => `${d.id}@${d.revision}`).join(',')}`;
