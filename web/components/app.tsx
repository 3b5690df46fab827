import type { ViewerState } from '../state.js';
import { BinPage } from './bin-page.js';
import { HomePage } from './home-page.js';
import { Link, type Navigate } from './link.js';

export function App({ state, navigate }: { state: ViewerState; navigate: Navigate }) {
  const route = state.route.value;
  return (
    <div class="app">
      <header class="topbar">
        <Link href="/" navigate={navigate} class="brand" title="All bins">
          <span class="logo" aria-hidden="true" />
          hookscope
        </Link>
        {route.page === 'bin' && (
          <>
            <span class="crumb-sep">/</span>
            <span class="crumb" data-testid="bin-name">{route.bin}</span>
          </>
        )}
        <div class="spacer" />
        {route.page === 'bin' && <Link href="/" navigate={navigate} class="btn btn-small btn-ghost">All bins</Link>}
      </header>
      {route.page === 'home' ? (
        <HomePage state={state} navigate={navigate} />
      ) : (
        <BinPage key={route.bin} state={state} binId={route.bin} settingsOpen={state.settingsOpen.value} onSettings={(open) => (state.settingsOpen.value = open)} />
      )}
    </div>
  );
}
