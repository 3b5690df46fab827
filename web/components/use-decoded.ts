import { useEffect, useMemo, useState } from 'preact/hooks';
import { type DecodeResult, decodeBodyAsync } from '../../core/decode/index.js';
import type { DecodedEvent, RequestDetail } from '../../core/wire.js';
import { headerValue } from '../../core/raw-headers.js';
import { bodyBytes } from '../format.js';

export interface Decoded {
  bytes: Uint8Array;
  /** null while a compressed body is being inflated. */
  result: DecodeResult | null;
  /** The server's decoded events, or the viewer's own decoding when the server sent none. */
  events: DecodedEvent[];
  /** The whole body as JSON when it parses (the tree view of an event batch). */
  json: { ok: true; value: unknown } | { ok: false };
}

function parseJson(bytes: Uint8Array): Decoded['json'] {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Decodes a request body with the isomorphic decoder (core/decode), undoing gzip/deflate for display. */
export function useDecoded(detail: RequestDetail): Decoded {
  const bytes = useMemo(() => bodyBytes(detail.body, detail.bodyEncoding), [detail]);
  const [result, setResult] = useState<{ id: RequestDetail; value: DecodeResult } | null>(null);
  useEffect(() => {
    let live = true;
    const input = { body: bytes, contentType: detail.contentType, contentEncoding: headerValue(detail.rawHeaders, 'content-encoding') };
    void decodeBodyAsync(input).then((value) => live && setResult({ id: detail, value }));
    return () => {
      live = false;
    };
  }, [bytes]);
  const current = result?.id === detail ? result.value : null;
  return useMemo(() => {
    const local = current?.ok ? current.events.map((e) => ({ ...e, requestId: detail.id })) : [];
    const view = current?.view;
    const json: Decoded['json'] = view?.kind === 'json' ? { ok: true, value: view.value } : view?.kind === 'events' ? parseJson(bytes) : { ok: false };
    return { bytes, result: current, events: detail.events.length > 0 ? detail.events : local, json };
  }, [current, bytes]);
}
