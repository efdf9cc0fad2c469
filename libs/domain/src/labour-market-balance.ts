// The labour-market balance (arbejdsmarkedsbalancen): per half-year and RAR area, a status for each job title. The
// balance itself is reference data kept outside the domain; here only the statuses that make a shortage title.

/** The statuses that make a job title a shortage title (docs/domain.md §5). Others on the balance ("gode
 * beskæftigelsesmuligheder", …) do not; the balance lookup gives those as null. */
export const SHORTAGE_STATUSES = ['omfattende mangel', 'mangel', 'paradoksproblem'] as const;

export type ShortageStatus = (typeof SHORTAGE_STATUSES)[number];

export const isShortageStatus = (value: unknown): value is ShortageStatus =>
  (SHORTAGE_STATUSES as readonly unknown[]).includes(value);

/** What the caller found on the balance in force on the declaration date, for the declaration's RAR area and job
 * title: the balance's version and half-year, and the title's shortage status there (null: not a shortage title). */
export type BalanceLookup = Readonly<{ version: string; halfYear: string; status: ShortageStatus | null }>;
