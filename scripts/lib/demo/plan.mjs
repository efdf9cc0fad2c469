// What the demo's municipalities report, round by round: pure data from the demo pool's calendar (its day and budget
// years), so a resumed demo sends exactly the same events under the same ids.

const DAY_MS = 86_400_000;
const copenhagenDate = (instant) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(instant));
const plusDays = (date, days) => new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const plusMonths = (date, months) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/** Courses per municipality: [course number, how it is wrong (undefined: a valid start)]. */
const COURSES = {
  101: [[1], [2]],
  751: [[1], [2], [3, 'not-shortage']],
  461: [[1], [2, 'too-short-unemployment']],
  851: [[1, 'ends-before-start']],
};

export function plan(demo, eventId) {
  const day = copenhagenDate(demo.calendar.interestDeadline);
  const year = Number(day.slice(0, 4));
  const previousYear = demo.budgetYears[0];
  const occurredAt = demo.calendar.interestDeadline;
  const envelope = (label, type, data) => ({ eventId: eventId(label), type, occurredAt, data });
  const courseId = (code, n) => `DEMO-${code}-${n}`;

  const courseStart = (code, n, flaw) => {
    const start = day;
    return envelope(`${code}:course:${n}`, 'CourseStarted', {
      poolId: 'demo',
      courseId: courseId(code, n),
      citizen: { cpr: `0101${String(60 + n)}${String(1000 + Number(code)).slice(-4)}` },
      targetGroup: 'dagpenge',
      unemployedSince: flaw === 'too-short-unemployment' ? plusMonths(start, -1) : plusMonths(start, -6),
      employerDeclaration: {
        cvr: '12345678',
        employerName: 'Demo Byg A/S',
        jobTitle: flaw === 'not-shortage' ? 'Lagerarbejder' : 'Tømrer',
        rarArea: 'Østjylland',
        signedOn: start,
        expectedEmploymentStart: plusDays(start, 60),
        withoutWageSubsidy: true,
      },
      course: {
        title: flaw === 'not-shortage' ? 'Truckcertifikat' : 'Opkvalificering til tømrer',
        provider: 'AMU Demo',
        category: 'opkvalificering',
        startDate: start,
        endDate: flaw === 'ends-before-start' ? plusDays(start, -1) : plusDays(start, 30),
        estimatedCostOre: 2_500_000,
      },
    });
  };
  const valid = (code) => COURSES[code].filter(([, flaw]) => !flaw).map(([n]) => n);
  const expense = (code, n, id, category, amountOre) =>
    envelope(`${code}:expense:${n}:${id}`, 'ExpenseIncurred', { courseId: courseId(code, n), expenseId: id, category, amountOre, incurredOn: day, invoiceRef: `FAK-${code}-${n}-${id}` });
  const claim = (code, claimId, kind, budgetYear, upTo) =>
    envelope(`${code}:claim:${claimId}`, 'RefundClaimed', {
      poolId: 'demo',
      claimId,
      budgetYear,
      kind,
      upTo,
      ...(kind === 'final' ? { statement: { signedBy: `Direktør, kommune ${code}`, auditorCertified: true, documentRef: `REVISION-${code}-${budgetYear}` } } : {}),
    });
  const claimers = ['101', '751', '461'];

  const rounds = [
    {
      title: 'course starts (some rejected, with their reasons), the first expenses and interim claims',
      events: Object.keys(COURSES).map((code) => [
        code,
        [
          ...COURSES[code].map(([n, flaw]) => courseStart(code, n, flaw)),
          ...valid(code).map((n) => expense(code, n, 'kursusafgift', 'kursusafgift', 1_200_000)),
          ...(claimers.includes(code) ? [claim(code, `${code}-${year}-interim-1`, 'interim', year, day)] : []),
        ],
      ]),
      claims: claimers.map((code) => ({ code, claimId: `${code}-${year}-interim-1`, cuts: [] })),
      runDate: demo.calendar.payoutRunDates[0],
    },
    {
      title: 'more expenses and the second interim claims',
      events: claimers.map((code) => [code, [...valid(code).map((n) => expense(code, n, 'materialer', 'materialer', 300_000)), claim(code, `${code}-${year}-interim-2`, 'interim', year, day)]]),
      claims: claimers.map((code) => ({ code, claimId: `${code}-${year}-interim-2`, cuts: [] })),
      runDate: demo.calendar.payoutRunDates[1],
    },
    {
      title: `København's final claim for ${year}: the reviewer cuts a fee invoiced twice, so more was paid than is owed`,
      events: [['101', [claim('101', `101-${year}-final`, 'final', year, day)]]],
      claims: [{ code: '101', claimId: `101-${year}-final`, cuts: [{ courseId: courseId('101', 1), expenseId: 'kursusafgift', approvedOre: 600_000, reason: 'Kursusafgiften er faktureret to gange; kun halvdelen er dokumenteret.' }] }],
    },
  ];
  const late = [['751', [claim('751', `751-${previousYear}-final`, 'final', previousYear, `${previousYear}-12-31`)]]];
  return { rounds, late, previousYear, settledCodes: ['101'], closedCode: '751' };
}
