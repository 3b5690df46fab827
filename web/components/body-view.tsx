import { useMemo } from 'preact/hooks';
import type { DecodedView } from '../../core/decode/index.js';
import type { Decoded } from './use-decoded.js';
import { HexView } from './hex-view.js';
import { JsonTree } from './json-tree.js';
import { KeyValueTable } from './key-value-table.js';

type Mode = 'tree' | 'pretty' | 'fields' | 'parts' | 'raw' | 'hex';

const LABELS: Record<Mode, string> = { tree: 'Tree', pretty: 'Pretty', fields: 'Fields', parts: 'Parts', raw: 'Raw', hex: 'Hex' };

function modesFor(view: DecodedView | undefined, jsonOk: boolean, isText: boolean): Mode[] {
  const modes: Mode[] = [];
  if (jsonOk) modes.push('tree', 'pretty');
  if (view?.kind === 'form') modes.push('fields');
  if (view?.kind === 'multipart') modes.push('parts');
  if (isText) modes.push('raw');
  modes.push('hex');
  return modes;
}

const textOf = (bytes: Uint8Array): string | null => {
  if (bytes.indexOf(0) >= 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

export function BodyView({ decoded, mode, onMode }: { decoded: Decoded; mode: string; onMode: (m: Mode) => void }) {
  const text = useMemo(() => textOf(decoded.bytes), [decoded.bytes]);
  const view = decoded.result?.view;
  const modes = modesFor(view, decoded.json.ok, text !== null);
  const active = (modes.includes(mode as Mode) ? mode : modes[0]) as Mode;
  if (decoded.bytes.length === 0) return <p class="muted pad">Empty body.</p>;
  return (
    <div class="body-view">
      <div class="subtabs">
        <div class="segmented" role="tablist" aria-label="Body view">
          {modes.map((m) => (
            <button type="button" role="tab" aria-selected={m === active} class={m === active ? 'on' : ''} onClick={() => onMode(m)}>{LABELS[m]}</button>
          ))}
        </div>
        {decoded.result && !decoded.result.ok && decoded.result.reason !== 'no decoder matched' && <span class="muted small">{decoded.result.reason}</span>}
        {decoded.result?.ok && decoded.result.warnings?.map((w) => <span class="muted small">{w}</span>)}
      </div>
      <div class="body-content" data-mode={active}>
        {active === 'tree' && decoded.json.ok && <div class="json-tree"><JsonTree value={decoded.json.value} /></div>}
        {active === 'pretty' && decoded.json.ok && <pre class="code">{JSON.stringify(decoded.json.value, null, 2)}</pre>}
        {active === 'fields' && view?.kind === 'form' && <KeyValueTable rows={view.fields} empty="No fields." label="Form fields" />}
        {active === 'parts' && view?.kind === 'multipart' && (
          <KeyValueTable
            label="Multipart parts"
            empty="No parts."
            rows={view.parts.map((p) => [
              `${p.name ?? '(no name)'}${p.filename ? ` (file ${p.filename})` : ''}`,
              p.text ?? `${p.contentType ?? 'binary'} · ${p.size.toLocaleString()} bytes`,
            ])}
          />
        )}
        {active === 'raw' && text !== null && <pre class="code wrap">{text}</pre>}
        {active === 'hex' && <HexView bytes={decoded.bytes} />}
      </div>
    </div>
  );
}

export type { Mode as BodyMode };
