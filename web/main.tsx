// Composition root: the real network, the state, the router (history API), keyboard, render.
import { effect } from '@preact/signals';
import { render } from 'preact';
import { createApi, fetchHealth } from './api.js';
import { App } from './components/app.js';
import { StorageBanner } from './components/storage-banner.js';
import { parseFilters, parseSelected } from './filters.js';
import { createHealthWatch } from './health-state.js';
import { bindKeyboard } from './keyboard.js';
import { animationFrame } from './live-batch.js';
import { createLiveConnect } from './live.js';
import { createViewerState, parseView } from './state.js';
import './styles.css';

const BIN_ROUTE = /^\/b\/([^/]+)\/?$/;

function main(): void {
  const wsOrigin = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  const state = createViewerState({ api: createApi(), live: createLiveConnect({ origin: wsOrigin }), frame: animationFrame() });

  const route = (): void => {
    const m = BIN_ROUTE.exec(location.pathname);
    if (!m) return state.openHome();
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      return state.openHome();
    }
    state.openBin(id, parseFilters(location.search), parseSelected(location.search), parseView(location.search));
  };
  const navigate = (path: string): void => {
    if (path !== `${location.pathname}${location.search}`) history.pushState(null, '', path);
    route();
  };

  window.addEventListener('popstate', route);
  bindKeyboard(state, document);
  route();
  // Filters and the selection live in the query string, so a view can be shared or reloaded. Written
  // a moment after the last change: replaceState costs ~10 ms in Chromium and is throttled when
  // called hundreds of times (holding j down).
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  effect(() => {
    const path = state.location.value;
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      if (path !== `${location.pathname}${location.search}`) history.replaceState(null, '', path);
    }, 200);
  });
  effect(() => {
    const r = state.route.value;
    document.title = r.page === 'bin' ? `${r.bin} · hookscope` : 'hookscope';
    if (r.page !== 'home') return;
    // The bins table's counts and "last activity" stay current while it is shown.
    const timer = setInterval(() => document.visibilityState === 'visible' && void state.home.load(), 5000);
    return () => clearInterval(timer);
  });

  // A full disk on the server: a banner while /healthz says degraded (web/health-state.ts).
  const health = createHealthWatch({ check: () => fetchHealth(), active: () => document.visibilityState === 'visible' });
  health.start();
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void health.poll());

  const root = document.getElementById('app');
  if (root) {
    render(
      <>
        <App state={state} navigate={navigate} />
        <StorageBanner health={health.health} />
      </>,
      root,
    );
  }
}

main();
