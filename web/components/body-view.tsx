import { useMemo } from 'preact/hooks';
import type { DecodedView } from '../../core/decode/index.js';
import { prettyJson } from '../../core/decode/index.js';
import type { Decoded } from './use-decoded.js';
import { JsonTree } from './json-tree.js';
import { KeyValueTable } from './key-value-table.js';
import { HexView, TextView } from './text-window.js';

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

export function BodyView({ decoded, mode, onMode }: { decoded: Decoded; mode: string; onMode: (m: Mode) => void }) {
  const { text } = decoded;
  const view = decoded.result?.view;
  const modes = modesFor(view, decoded.isJson, text !== null);
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
        {active === 'tree' && <Tree decoded={decoded} />}
        {active === 'pretty' && <Pretty decoded={decoded} />}
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
        {active === 'raw' && text !== null && <TextView text={text} />}
        {active === 'hex' && <HexView bytes={decoded.bytes} />}
      </div>
    </div>
  );
}

function Tree({ decoded }: { decoded: Decoded }) {
  const json = decoded.json();
  return json.ok ? <JsonTree value={json.value} /> : <p class="muted">Not a JSON document.</p>;
}

/** Pretty-printed once per body (a 10 MB document takes ~0.1 s), then windowed like raw text. */
const prettyCache = new WeakMap<Decoded, string>();

function Pretty({ decoded }: { decoded: Decoded }) {
  const text = useMemo(() => {
    const json = decoded.json();
    if (!json.ok) return null;
    const cached = prettyCache.get(decoded) ?? prettyJson(json.value);
    prettyCache.set(decoded, cached);
    return cached;
  }, [decoded]);
  return text === null ? <p class="muted">Not a JSON document.</p> : <TextView text={text} />;
}

export type { Mode as BodyMode };
