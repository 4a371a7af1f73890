// Asks the worker for a view's data whenever `ask` changes (callers memoize it on the loaded table:
// a new table means a new trace or the skew switch) and keeps the answer while the view is shown.
import { useEffect, useState } from 'react';

export type WorkerView<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed' };

export function useWorkerView<T>(ask: () => Promise<T | null>): WorkerView<T> {
  const [view, setView] = useState<WorkerView<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setView({ state: 'loading' });
    ask().then(
      (value) => live && setView(value === null ? { state: 'failed' } : { state: 'ready', value }),
      () => live && setView({ state: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [ask]);
  return view;
}
