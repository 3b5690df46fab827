import type { ConnectionState } from '../live.js';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
  offline: 'offline',
  closed: 'closed',
};

const HINT: Record<ConnectionState, string> = {
  connecting: 'Opening the live connection',
  live: 'New requests appear as they arrive',
  reconnecting: 'Connection lost: reconnecting, nothing will be missed',
  offline: 'hookscope is unreachable: still retrying every few seconds',
  closed: 'Not connected',
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span class={`conn conn-${state}`} title={HINT[state]} data-state={state}>
      <span class="conn-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}
