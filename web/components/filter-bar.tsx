import { useEffect, useRef, useState } from 'preact/hooks';
import type { SignatureStatus } from '../../core/wire.js';
import { emptyFilters, type Filters, hasFilters } from '../filters.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const STATUSES: [SignatureStatus, string][] = [['valid', 'valid'], ['invalid', 'invalid'], ['unsigned', 'unsigned'], ['no_secret', 'no secret']];
const DEBOUNCE_MS = 300;

interface Props {
  filters: Filters;
  eventNames: string[];
  shown: number;
  /** More matching requests exist than are loaded. */
  more: boolean;
  total: number;
  onChange: (patch: Partial<Filters>) => void;
}

/** A text filter applied after a short pause in typing, or at once on Enter. */
function TextFilter(props: { id: string; name: keyof Filters; value: string; placeholder: string; list?: string; label: string; onChange: Props['onChange'] }) {
  const [text, setText] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setText(props.value), [props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (value: string) => {
    clearTimeout(timer.current);
    if (value !== props.value) props.onChange({ [props.name]: value });
  };
  return (
    <input
      id={props.id}
      class={`filter-input${text ? ' active' : ''}`}
      type="search"
      value={text}
      list={props.list}
      placeholder={props.placeholder}
      aria-label={props.label}
      autocomplete="off"
      spellcheck={false}
      onInput={(e) => {
        const value = e.currentTarget.value;
        setText(value);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(value), DEBOUNCE_MS);
      }}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
    />
  );
}

export function FilterBar({ filters, eventNames, shown, more, total, onChange }: Props) {
  return (
    <div class="filter-bar" role="search">
      <TextFilter id="search" name="q" value={filters.q} placeholder="Search path, query and body   /" label="Search" onChange={onChange} />
      <select class={`filter-select${filters.method ? ' active' : ''}`} aria-label="Method" value={filters.method} onChange={(e) => onChange({ method: e.currentTarget.value })}>
        <option value="">Any method</option>
        {METHODS.map((m) => <option value={m}>{m}</option>)}
      </select>
      <TextFilter id="filter-name" name="name" value={filters.name} placeholder="Event name" list="event-names" label="Event name" onChange={onChange} />
      <datalist id="event-names">{eventNames.map((n) => <option value={n} />)}</datalist>
      <TextFilter id="filter-channel" name="channel" value={filters.channel} placeholder="Channel" label="Channel" onChange={onChange} />
      <select class={`filter-select${filters.signature ? ' active' : ''}`} aria-label="Signature" value={filters.signature} onChange={(e) => onChange({ signature: e.currentTarget.value as SignatureStatus | '' })}>
        <option value="">Any signature</option>
        {STATUSES.map(([v, label]) => <option value={v}>{label}</option>)}
      </select>
      {hasFilters(filters) && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => onChange(emptyFilters)}>Clear filters</button>
      )}
      <span class="filter-count muted" aria-live="polite">
        {hasFilters(filters) ? `${shown.toLocaleString()}${more ? '+' : ''} shown` : `${total.toLocaleString()} request${total === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}
