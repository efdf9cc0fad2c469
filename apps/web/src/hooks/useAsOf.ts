import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The as-of instant of the current screen, kept in the URL (`?asOf=`), so a historical view can be linked and the
 * browser's back button leaves it. null means now (live, actions allowed).
 */
export function useAsOf(): { asOf: string | null; setAsOf: (instant: string | null) => void } {
  const [params, setParams] = useSearchParams();
  const raw = params.get('asOf');
  const asOf = raw && !Number.isNaN(Date.parse(raw)) ? raw : null;
  const setAsOf = useCallback(
    (instant: string | null) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (instant) next.set('asOf', instant);
        else next.delete('asOf');
        return next;
      }),
    [setParams],
  );
  return { asOf, setAsOf };
}
