// The store's change announcements (contract.ts StoreChange): listeners are called synchronously, in
// subscription order; one listener's throw never reaches the writer or the other listeners.
import type { ChangeListener, StoreChange } from './contract.js';

export interface Changes {
  subscribe(listener: ChangeListener): () => void;
  emit(change: StoreChange): void;
}

export function createChanges(): Changes {
  const listeners = new Set<ChangeListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(change) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch {
          // A subscriber's failure must never undo or delay a committed write.
        }
      }
    },
  };
}
