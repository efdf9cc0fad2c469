import type { ReactNode } from 'react';

/** One figure of a `<dl className="facts">`: its name and its value (big for the headline figures). */
export function Fact({ label, children, big, testId }: { label: string; children: ReactNode; big?: boolean; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={big ? 'fact__big' : undefined} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
