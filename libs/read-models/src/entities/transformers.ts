import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; øre fit in a JS number (< 2^53), so read them as numbers. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
