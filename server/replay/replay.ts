// Replay: a stored request sent again, byte for byte, to a URL given in the API call (issue 8).
import type { StoredRequest } from '../store/index.js';
import { deliver, type DeliveryOptions, type DeliveryResult, type OutboundRequest } from './outbound.js';
import { resign, type ResignScheme, type ResignWith } from './resign.js';

export function toOutbound(stored: StoredRequest): OutboundRequest {
  return { method: stored.summary.method, rawHeaders: stored.rawHeaders, body: stored.body };
}

export interface ReplayOutcome {
  result: DeliveryResult;
  /** What went out (after re-signing), for the answer's `sent` field. */
  sent: OutboundRequest;
  resigned: ResignScheme | null;
}

export async function replay(stored: StoredRequest, url: URL, with_: { resign?: ResignWith } & DeliveryOptions): Promise<ReplayOutcome> {
  let sent = toOutbound(stored);
  let resigned: ResignScheme | null = null;
  if (with_.resign) {
    const signed = resign(sent, with_.resign);
    sent = signed.request;
    resigned = signed.scheme;
  }
  const result = await deliver(url, sent, with_);
  return { result, sent, resigned };
}
