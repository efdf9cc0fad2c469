// The demo pool (docs/domain.md "Decision (demo)"): the rules of mangelpulje-2019 with its calendar moved to the present,
// so that a person watching the web UI and the Temporal UI sees the interest deadline fire and the allocation appear.

import { addDays, copenhagenDateOf, daysBetween, endOfCopenhagenDay, parseInstant, toCopenhagenIso } from '../calendar';
import { mangelpulje2019 } from './mangelpulje-2019';
import { parsePoolDefinition, type PoolDefinition } from './schema';

/** After the interest deadline the demo runs this many times faster than the real calendar: four weeks become a
 * day. No faster, because payout runs are dates and a month must stay at least a day for them to stay distinct. */
export const DEMO_SPEED_AFTER_INTEREST = 28;

export type DemoOptions = { interestInMinutes?: number };

/**
 * mangelpulje-2019 as pool 'demo', its calendar moved to `now`. Two speeds:
 * - the interest window opens at `now` and closes `interestInMinutes` later (the one wait a watcher sits through);
 * - every later instant keeps its distance from the interest deadline divided by DEMO_SPEED_AFTER_INTEREST: tilsagn
 *   expected ~12 h after the deadline, the start deadline ~14 days, the 2019 final claim ~4½ days, closing ~21 days;
 * - payout run dates move by whole days: ⌊days after the real deadline's date / 28⌋ after the demo deadline's date.
 *   Real runs are at least 28 days apart, so the demo's are distinct days, one about every day.
 * The order of the calendar is kept (the closing instant is moved to the end of the last run's day if needed).
 * Budget years keep their labels (2019, 2020), so `now` must be after 2020 (a final claim deadline must follow its
 * budget year). Pure: the same `now` gives the same definition.
 */
export const demoPoolDefinition = (now: Date, { interestInMinutes = 5 }: DemoOptions = {}): PoolDefinition => {
  if (!(interestInMinutes > 0)) throw new RangeError(`interestInMinutes must be positive, got ${interestInMinutes}`);
  const { calendar } = mangelpulje2019;
  const realDeadline = parseInstant(calendar.interestDeadline);
  const demoDeadline = new Date(now.getTime() + Math.round(interestInMinutes * 60_000));

  const later = (iso: string): Date => {
    const realDistance = parseInstant(iso).getTime() - realDeadline.getTime();
    return new Date(demoDeadline.getTime() + realDistance / DEMO_SPEED_AFTER_INTEREST);
  };
  const laterDate = (date: string): string =>
    addDays(
      copenhagenDateOf(demoDeadline),
      Math.floor(daysBetween(copenhagenDateOf(realDeadline), date) / DEMO_SPEED_AFTER_INTEREST),
    );

  const payoutRunDates = calendar.payoutRunDates.map(laterDate);
  const lastRunEnds = endOfCopenhagenDay(payoutRunDates[payoutRunDates.length - 1]!);
  const closesAt = new Date(Math.max(later(calendar.closesAt).getTime(), lastRunEnds.getTime()));

  return parsePoolDefinition({
    ...mangelpulje2019,
    poolId: 'demo',
    name: `Demo: ${mangelpulje2019.name}`,
    description: `${mangelpulje2019.description} Demo copy: the calendar is moved to the present and runs fast.`,
    calendar: {
      openedAt: toCopenhagenIso(now),
      interestDeadline: toCopenhagenIso(demoDeadline),
      commitmentsExpectedBy: toCopenhagenIso(later(calendar.commitmentsExpectedBy)),
      startDeadline: toCopenhagenIso(later(calendar.startDeadline)),
      reportingGraceEnds: toCopenhagenIso(later(calendar.reportingGraceEnds)),
      finalClaimDeadlines: Object.fromEntries(
        Object.entries(calendar.finalClaimDeadlines).map(([year, iso]) => [year, toCopenhagenIso(later(iso))]),
      ),
      payoutRunDates,
      closesAt: toCopenhagenIso(closesAt),
    },
  });
};
