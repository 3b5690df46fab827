import { useEffect, useMemo, useState } from 'preact/hooks';
import { type DecodeResult, decodeBody, decodeBodyAsync } from '../../core/decode/index.js';
import { contentCodings } from '../../core/decode/inflate.js';
import { headerValue } from '../../core/raw-headers.js';
import type { DecodedEvent } from '../../core/wire.js';
import type { ViewerDetail } from '../api.js';
import { defaultLineBuilder } from '../json-lines.js';

export type JsonBody = { ok: true; value: unknown } | { ok: false };

export interface Decoded {
  bytes: Uint8Array;
  /** The body as text when it is valid UTF-8 without NUL bytes, else null. */
  text: string | null;
  /** null while a compressed body is being inflated. */
  result: DecodeResult | null;
  /** The events the isomorphic decoder finds in the body (the server's decoder, same code). */
  events: DecodedEvent[];
  /** Whether the body is a JSON document (tree and pretty views apply). */
  isJson: boolean;
  /** The whole body parsed as JSON, on first use (the tree of an event batch), memoised. */
  json(): JsonBody;
}

function textOf(bytes: Uint8Array): string | null {
  if (bytes.indexOf(0) >= 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function build(detail: ViewerDetail, text: string | null, result: DecodeResult | null): Decoded {
  const view = result?.view;
  let json: JsonBody | undefined;
  return {
    bytes: detail.bytes,
    text,
    result,
    events: result?.ok ? result.events.map((e, index) => ({ ...e, index, requestId: detail.id })) : [],
    isJson: view?.kind === 'json' || (view?.kind === 'events' && text !== null),
    json() {
      if (json) return json;
      if (view?.kind === 'json') return (json = { ok: true, value: view.value });
      try {
        json = { ok: true, value: JSON.parse(text ?? '') as unknown };
      } catch {
        json = { ok: false };
      }
      return json;
    },
  };
}

/** Decoded once per loaded detail: moving back to a request, or between its tabs, costs nothing. */
const decodedCache = new WeakMap<ViewerDetail, Decoded>();

/**
 * Decodes a request body with the isomorphic decoder (core/decode). An identity-encoded body is
 * decoded at once (no flash of a half-built detail); gzip/deflate are undone first, asynchronously.
 */
export function useDecoded(detail: ViewerDetail): Decoded {
  const encoding = headerValue(detail.rawHeaders, 'content-encoding');
  const compressed = contentCodings(encoding).length > 0;
  const immediate = useMemo(() => {
    const cached = decodedCache.get(detail);
    if (cached || compressed) return cached ?? null;
    const decoded = build(detail, textOf(detail.bytes), decodeBody({ body: detail.bytes, contentType: detail.contentType, contentEncoding: null }));
    decodedCache.set(detail, decoded);
    return decoded;
  }, [detail]);
  const [later, setLater] = useState<Decoded | null>(null);
  useEffect(() => {
    if (!immediate?.isJson || immediate.events.length === 0) return;
    // The Body tab's tree of a big batch needs the body parsed and laid out as lines: do it while
    // the user reads the events, so switching tabs is only a render.
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback : (f: () => void) => setTimeout(f, 50);
    idle(() => {
      const json = immediate.json();
      if (json.ok) defaultLineBuilder(json.value).run(Infinity);
    });
  }, [immediate]);
  useEffect(() => {
    if (immediate) return;
    let live = true;
    void decodeBodyAsync({ body: detail.bytes, contentType: detail.contentType, contentEncoding: encoding }).then((result) => {
      const decoded = build(detail, textOf(detail.bytes), result);
      decodedCache.set(detail, decoded);
      if (live) setLater(decoded);
    });
    return () => {
      live = false;
    };
  }, [detail]);
  const pending = useMemo(() => (immediate ? null : build(detail, null, null)), [detail]);
  if (immediate) return immediate;
  return later && later.bytes === detail.bytes ? later : (pending as Decoded);
}
