// Front door of the isomorphic payload decoder. Pure TypeScript over Uint8Array: no node:*, no
// Buffer, no DOM; used by the server (capture + event index), the viewer and the test client.
export { decodeBody, decodeBodyAsync } from './decode-body.js';
export { decoders, DECODER_VERSION } from './registry.js';
export { matchEvent } from './match-event.js';
export { prettyJson, MAX_JSON_DEPTH } from './json-safe.js';
export { MAX_INFLATED_BYTES } from './inflate.js';
export { BINARY_PREVIEW_BYTES } from './views.js';
export { MULTIPART_TEXT_LIMIT } from './multipart-parse.js';
export type {
  DecodeContext,
  DecodedEventDraft,
  DecodedView,
  DecodeFailure,
  DecodeInput,
  Decoder,
  DecodeResult,
  DecodeSuccess,
  EventFilter,
  Inflate,
  MultipartPart,
} from './types.js';
