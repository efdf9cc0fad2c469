import type { ReactNode } from 'react';

/** The Danish word staff use for a thing, as a small sub-label marked as Danish for screen readers. */
export function DanishTerm({ children }: { children: ReactNode }) {
  return (
    <span className="da" lang="da">
      {children}
    </span>
  );
}
