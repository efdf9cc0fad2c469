import { commitmentStreamId, poolStreamId } from '@puljeflow/domain';

/** Stream names: one stream per consistency boundary (docs/design.md). */
export const streams = {
  pool: poolStreamId,
  commitment: commitmentStreamId,
  submissions: (municipalityCode: string) => `submissions-${municipalityCode}`,
};

export interface Reason {
  code: string;
  message: string;
}

/** The result of a staff decision: recorded at a position, or refused with reasons (nothing recorded). */
export type Outcome = { ok: true; position: string } | { ok: false; reasons: readonly Reason[] };
