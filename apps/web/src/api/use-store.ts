import { useEffect, useState } from 'preact/hooks';
import type { FindingsStore } from './findings-store.js';

/** Re-renders the caller whenever the store changes; returns its version. */
export function useStoreVersion(store: FindingsStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    setVersion(store.version);
    return store.subscribe(() => setVersion(store.version));
  }, [store]);
  return version;
}
