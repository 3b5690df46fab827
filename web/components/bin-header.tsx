import { useEffect, useState } from 'preact/hooks';
import type { Bin } from '../../core/wire.js';
import type { ConnectionState } from '../live.js';
import { ConnectionStatus } from './connection-status.js';
import { CopyButton } from './copy-button.js';

interface Props {
  binId: string;
  bin: Bin | null;
  connection: ConnectionState;
  onSettings: () => void;
  onSend: () => void;
  onClear: () => void;
  /** Download URL of the bin's requests as HAR or NDJSON. */
  exportUrl: (format: 'har' | 'ndjson') => string;
}

export function BinHeader({ binId, bin, connection, onSettings, onSend, onClear, exportUrl }: Props) {
  const url = bin?.url ?? `${location.origin}/h/${binId}`;
  // Clearing is destructive: the first click arms it, a second click within 4 s clears.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <div class="bin-header">
      <div class="capture">
        <span class="capture-label">Capture URL</span>
        <code class="capture-url" data-testid="capture-url">{url}</code>
        <CopyButton text={url} label="Copy" title="Copy the capture URL" />
      </div>
      <ConnectionStatus state={connection} />
      <div class="spacer" />
      <span class="export-links" role="group" aria-label="Export">
        Export
        <a class="btn btn-small" href={exportUrl('har')} download={`${binId}.har`} title="Download every request as a HAR 1.2 file">HAR</a>
        <a class="btn btn-small" href={exportUrl('ndjson')} download={`${binId}.ndjson`} title="Download every request as NDJSON (restores them exactly)">NDJSON</a>
      </span>
      <button type="button" class="btn btn-small" data-action="send-test" disabled={!bin} onClick={onSend}>Send a test webhook</button>
      <button type="button" class="btn btn-small" onClick={onSettings}>Settings</button>
      <button
        type="button"
        class={`btn btn-small ${armed ? 'btn-danger' : 'btn-danger-ghost'}`}
        data-action="clear"
        disabled={!bin || bin.requestCount === 0}
        onClick={() => (armed ? (setArmed(false), onClear()) : setArmed(true))}
        onBlur={() => setArmed(false)}
      >
        {armed ? `Delete all ${bin?.requestCount.toLocaleString() ?? ''} requests?` : 'Clear'}
      </button>
    </div>
  );
}
