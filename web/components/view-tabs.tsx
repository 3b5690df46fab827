import type { BinView } from '../state.js';

interface Props {
  view: BinView;
  occupied: number;
  onView: (view: BinView) => void;
}

/** Requests | Channels switch of the bin page. */
export function ViewTabs({ view, occupied, onView }: Props) {
  return (
    <nav class="view-tabs tabs" role="tablist" aria-label="Bin view">
      <button type="button" role="tab" aria-selected={view === 'requests'} class={view === 'requests' ? 'on' : ''} data-view="requests" onClick={() => onView('requests')}>Requests</button>
      <button type="button" role="tab" aria-selected={view === 'channels'} class={view === 'channels' ? 'on' : ''} data-view="channels" onClick={() => onView('channels')}>
        Channels{occupied > 0 && <span class="count-pill" title={`${occupied} occupied`}>{occupied}</span>}
      </button>
    </nav>
  );
}
