import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError, toApiError } from '../lib/api';

export interface Polled<T> {
  data: T | null;
  /** The last failure; cleared by the next success, so a passing outage does not linger on screen. */
  error: ApiError | null;
  /** When data last arrived. */
  updatedAt: Date | null;
  loading: boolean;
  /** Loads now (after an action) and restarts the interval. */
  refresh: () => void;
}

/**
 * Loads with `load` at once and then every `intervalMs` after the previous answer (never overlapping), or once when
 * `intervalMs` is null. A hidden tab skips its turns and loads again as soon as it is shown.
 * `load` must be stable (useCallback); a new `load` starts over.
 */
export function usePolled<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number | null): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'refresh'>>({
    data: null,
    error: null,
    updatedAt: null,
    loading: true,
  });
  const runRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;

    const schedule = () => {
      if (!stopped && intervalMs !== null) timer = setTimeout(run, intervalMs);
    };

    async function run() {
      clearTimeout(timer);
      const mine = ++seq;
      if (document.visibilityState === 'hidden' && intervalMs !== null) return schedule();
      controller?.abort();
      controller = new AbortController();
      setState((s) => ({ ...s, loading: true }));
      try {
        const data = await load(controller.signal);
        if (!stopped && mine === seq) setState({ data, error: null, updatedAt: new Date(), loading: false });
      } catch (error) {
        if (isAbortError(error)) return;
        if (!stopped && mine === seq) setState((s) => ({ ...s, error: toApiError(error), loading: false }));
      }
      // Only the newest run schedules the next, so a refresh during a load never leaves two timers.
      if (mine === seq) schedule();
    }

    const onVisibility = () => {
      if (document.visibilityState === 'visible') void run();
    };
    runRef.current = () => void run();
    void run();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [load, intervalMs]);

  const refresh = useCallback(() => runRef.current(), []);
  return { ...state, refresh };
}
