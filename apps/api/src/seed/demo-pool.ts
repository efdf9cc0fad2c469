// The demo pool's definition: the configuration data in demo-pool.config.json placed on the present-day calendar.
// Budget years are the year the demo starts in and the one before it, so expenses of today book to a budget year and
// the earlier year's final claim deadline falls inside the demo (a late final claim is refused while you watch).
import { addDays, copenhagenDateOf, copenhagenInstant, mangelpulje2019, parsePoolDefinition, toCopenhagenIso, type PoolDefinition } from '@puljeflow/domain';
import demoPool from './demo-pool.config.json';

/** The demo clock: real milliseconds per demo minute (PULJEFLOW_DEMO_MINUTE_SECONDS × 1000). */
export type DemoClock = { minuteMs: number };

export const DEFAULT_DEMO_MINUTE_SECONDS = 60;

/** The demo clock of a stored demo pool: the calendar's own span (interest deadline to close) in demo minutes. */
export const demoClockOf = (definition: PoolDefinition): DemoClock => {
  const { interestDeadline, closesAt } = demoPool.calendar;
  const span = Date.parse(definition.calendar.closesAt) - Date.parse(definition.calendar.interestDeadline);
  return { minuteMs: span / (closesAt - interestDeadline) };
};

/** demo-pool.config.json placed at `now`, each instant `calendar[name]` demo minutes later. Pure: same inputs, same definition. */
export const presentDayDemoPool = (now: Date, clock: DemoClock): PoolDefinition => {
  const at = (minutes: number) => toCopenhagenIso(new Date(now.getTime() + Math.round(minutes * clock.minuteMs)));
  const today = copenhagenDateOf(now);
  const year = Number(today.slice(0, 4));
  const budgetYears = demoPool.budgetYearsBack.map((back) => year - back).sort((a, b) => a - b);
  const runDates = [...demoPool.payoutRunDaysAgo].sort((a, b) => b - a).map((days) => addDays(today, -days));
  const { calendar } = demoPool;
  return parsePoolDefinition({
    ...demoPool.definition,
    money: { ...demoPool.definition.money, marketingBudgetYear: year - demoPool.marketingYearBack },
    budgetYears,
    // The target groups and their unemployment rules are mangelpulje-2019's.
    targetGroups: mangelpulje2019.targetGroups,
    calendar: {
      // Opened on the first run's date: a run date lies within the pool's life.
      openedAt: toCopenhagenIso(copenhagenInstant(runDates[0]!)),
      interestDeadline: at(calendar.interestDeadline),
      commitmentsExpectedBy: at(calendar.commitmentsExpectedBy),
      startDeadline: at(calendar.startDeadline),
      reportingGraceEnds: at(calendar.reportingGraceEnds),
      // The year before: inside the demo. The present year: 1 April 12:00 of the next, as the rules have it.
      finalClaimDeadlines: Object.fromEntries(
        budgetYears.map((y) => [String(y), y < year ? at(calendar.previousYearFinalClaimDeadline) : toCopenhagenIso(copenhagenInstant(`${y + 1}-04-01`, '12:00'))]),
      ),
      payoutRunDates: runDates,
      closesAt: at(calendar.closesAt),
    },
  });
};
