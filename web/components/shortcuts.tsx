/** The empty detail pane: keyboard help. */
export function Shortcuts() {
  const keys: [string, string][] = [
    ['j / ↓', 'next (older) request'],
    ['k / ↑', 'previous (newer) request'],
    ['/', 'search'],
    ['Esc', 'close the detail, leave a field'],
  ];
  return (
    <section class="detail detail-empty" aria-label="Request detail">
      <div class="shortcuts">
        <p class="muted">Select a request to inspect it.</p>
        <dl>
          {keys.map(([k, v]) => (
            <div key={k}><dt><kbd>{k}</kbd></dt><dd>{v}</dd></div>
          ))}
        </dl>
      </div>
    </section>
  );
}
