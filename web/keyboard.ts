// Keyboard shortcuts of the bin page: j/k and arrows move through requests, / focuses the search,
// Esc closes the detail (or leaves the field being typed in).
import type { ViewerState } from './state.js';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function bindKeyboard(state: ViewerState, doc: Document): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      if (isTyping(e.target)) (e.target as HTMLElement).blur();
      else if (state.settingsOpen.value) state.settingsOpen.value = false;
      else state.closeDetail();
      return;
    }
    if (isTyping(e.target) || state.route.value.page !== 'bin') return;
    if (e.key === 'j' || e.key === 'ArrowDown') state.selectNext();
    else if (e.key === 'k' || e.key === 'ArrowUp') state.selectPrev();
    else if (e.key === '/') doc.getElementById('search')?.focus();
    else return;
    e.preventDefault();
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
