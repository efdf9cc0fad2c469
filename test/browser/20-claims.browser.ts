/// <reference lib="dom" />
// Course reports and refund claims as staff live them in the browser, each person in their own browser context, after
// the commitments (10): municipality 101 reports a course (and one the rules reject), its expenses and three claims;
// a caseworker reviews the first with a cut and a note, an approver approves it; a person holding both roles reviews
// the second and may not approve it (four-eyes, on screen and forced); the course list is filtered, opened and
// exported to CSV. Every figure on screen is compared with what the API returns. The third claim stays unreviewed
// for the every-screen checks (90).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { addDays, copenhagenDateOf } from '@puljeflow/domain';
import { expect, test, type Page } from '@playwright/test';
import { electricianBalanceCsv } from '../e2e/this-year-pool';
import { apiAs, kroner, screenshot, sendMunicipalEvents, signIn, state } from './helpers';

const today = copenhagenDateOf(new Date());
const year = Number(today.slice(0, 4));
const pool = `/api/v1/staff/pools/${state.poolId}`;
const claimUrl = (claimId: string) => `${state.webUrl}/puljer/${state.poolId}/refusionskrav/101/${claimId}`;
const coursesUrl = `${state.webUrl}/puljer/${state.poolId}/forloeb`;
const SELF_REVIEWED = 'Du har selv gennemgået dette krav — en anden person skal godkende';
const CUT_NOTE = 'Kun materialer brugt på kurset er refusionsberettigede';

interface Claim {
  claimId: string;
  status: string;
  claimedRefundOre: number;
  eligibleOre: number;
  reviewedBy: string | null;
  approvedBy: string | null;
  approvedEligibleOre: number | null;
  approvedRefundOre: number | null;
  cuts: { courseId: string; expenseId: string; amountOre: number; approvedOre: number; reason: string }[];
}
interface CourseItem {
  municipalityCode: string;
  courseId: string;
  status: string;
  reasonCodes: string[];
  targetGroup: string | null;
  startDate: string | null;
  endDate: string | null;
  title: string | null;
  expensesOre: number;
}
interface CourseDetail extends CourseItem {
  decisions: { type: string; outcome: string; reasons: { code: string; message: string }[]; basis: { poolDefinitionVersion: number; poolAmendments: number; balanceVersion: string | null; balanceHalfYear: string | null; shortageStatus: string | null } | null }[];
  expenses: { expenseId: string; amountOre: number; claimIds: string[] }[];
}

/** The claim as the queue lists it now (its status found by asking each). */
async function claimOf(claimId: string): Promise<Claim | undefined> {
  const read = await apiAs('aud');
  for (const status of ['awaiting-review', 'awaiting-approval', 'approved']) {
    const page = await read<{ items: Claim[] }>(`/api/v1/staff/claims?status=${status}&poolId=${state.poolId}&municipalityCode=101`);
    const found = page.items.find((c) => c.claimId === claimId);
    if (found) return found;
  }
  return undefined;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const declaration = (jobTitle: string) => ({ cvr: '12345678', employerName: 'El-Service ApS', jobTitle, rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true });
const course = (title: string) => ({ title, provider: 'AMU Hovedstaden', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 500_000 });
const expense = (expenseId: string, category: string, amountOre: number) => ({ type: 'ExpenseIncurred', data: { courseId: 'B-1', expenseId, category, amountOre, incurredOn: today, invoiceRef: `F-${expenseId}` } });
const claim = (claimId: string) => ({ type: 'RefundClaimed', data: { poolId: state.poolId, claimId, budgetYear: year, kind: 'interim', upTo: today } });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // An electrician in Hovedstaden is a shortage occupation this year; a baker is not.
  const login = await fetch(`${state.apiUrl}/api/v1/staff/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: state.staff['admin'] }) });
  const { token } = (await login.json()) as { token: string };
  const balance = await fetch(`${state.apiUrl}/api/v1/staff/reference-data/labour-market-balance`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token}` }, body: electricianBalanceCsv(year) });
  expect(balance.status).toBe(200);

  await sendMunicipalEvents('101', [
    { type: 'CourseStarted', data: { poolId: state.poolId, courseId: 'B-1', citizen: { cpr: '0101901234' }, targetGroup: 'ressourceforloeb', employerDeclaration: declaration('Elektriker'), course: course('Autorisation som elektriker') } },
    expense('E-1', 'kursusafgift', 250_001),
    expense('E-2', 'materialer', 100_000),
    claim('C-1'),
    expense('E-3', 'kursusafgift', 120_000),
    claim('C-2'),
    expense('E-4', 'transport', 30_000),
    claim('C-3'),
  ]);
  // A start the rules reject is recorded with its reasons and listed too.
  const rejected = await fetch(`${state.apiUrl}/api/v1/municipalities/101/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${state.municipalKeys['101']}` },
    body: JSON.stringify({ events: [{ eventId: randomUUID(), occurredAt: new Date().toISOString(), type: 'CourseStarted', data: { poolId: state.poolId, courseId: 'B-2', citizen: { cpr: '0101901234' }, targetGroup: 'ressourceforloeb', employerDeclaration: declaration('Bager'), course: course('Bagerkursus') } }] }),
  });
  const outcome = ((await rejected.json()) as { results: { status: string; reasons?: { code: string }[] }[] }).results[0]!;
  expect([outcome.status, outcome.reasons?.map((r) => r.code)]).toEqual(['rejected', expect.arrayContaining(['JOB_NOT_SHORTAGE_TITLE'])]);

  for (const id of ['C-1', 'C-2', 'C-3']) await eventually(`claim ${id} in the queue`, async () => ((await claimOf(id))?.status === 'awaiting-review' ? true : undefined));
});

/** Before any review: for the as-of view of a claim. */
let beforeReview = '';

test('a caseworker finds the claim in the queue and reviews it with a cut and a note', async ({ browser }) => {
  beforeReview = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 1100));
  const karin = await signIn(browser, 'karin');
  await karin.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Refusionskrav' }).click();
  await expect(karin.getByRole('heading', { level: 1, name: 'Refusionskrav' })).toBeVisible();
  const c1 = (await claimOf('C-1'))!;
  await expect(karin.getByTestId(`claimed-${state.poolId}-101-C-1`)).toHaveText(kroner(c1.claimedRefundOre));
  await screenshot(karin, 'claims-queue');
  await karin.getByRole('link', { name: 'C-1', exact: true }).click();
  await expect(karin).toHaveURL(claimUrl('C-1'));
  await expect(karin.getByTestId('claim-claimed')).toHaveText(kroner(c1.claimedRefundOre));
  await expect(karin.getByTestId('claim-eligible')).toHaveText(kroner(c1.eligibleOre));
  // A caseworker is no approver: no approval is offered.
  await expect(karin.getByRole('button', { name: 'Godkend kravet C-1' })).toHaveCount(0);

  // A cut without a note is caught on screen, and nothing is sent.
  await karin.getByLabel('Godkendt beløb for E-2 (kr.)').fill('600,00');
  await karin.getByRole('button', { name: 'Gennemgå kravet C-1' }).click();
  await expect(karin.getByText('Skriv en begrundelse for beskæringen.')).toBeVisible();
  expect((await claimOf('C-1'))!.status).toBe('awaiting-review');

  await karin.getByLabel('Begrundelse for E-2').fill(CUT_NOTE);
  await screenshot(karin, 'claim-review-form');
  await karin.getByRole('button', { name: 'Gennemgå kravet C-1' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Kravet C-1 er gennemgået' })).toBeVisible();
  await expect(karin.getByTestId('claim-status')).toHaveText('Afventer godkendelse');

  const reviewed = (await claimOf('C-1'))!;
  expect(reviewed).toMatchObject({ status: 'awaiting-approval', reviewedBy: 'karin', approvedEligibleOre: 250_001 + 60_000, cuts: [{ courseId: 'B-1', expenseId: 'E-2', amountOre: 100_000, approvedOre: 60_000, reason: CUT_NOTE }] });
  await expect(karin.getByTestId('claim-approved-eligible')).toHaveText(kroner(reviewed.approvedEligibleOre!));
  await expect(karin.getByTestId('claim-reviewed-by')).toContainText('karin');
  await expect(karin.getByTestId('approved-B-1/E-2')).toHaveText(kroner(60_000));
  await expect(karin.getByTestId('cut-reason-B-1/E-2')).toHaveText(CUT_NOTE);
  await expect(karin.getByRole('table', { name: 'Hvad gennemgangen beskar og hvorfor' })).toContainText(CUT_NOTE);
  // Reviewed, the form is gone: a claim is reviewed once.
  await expect(karin.getByRole('button', { name: 'Gennemgå kravet C-1' })).toHaveCount(0);
  await screenshot(karin, 'claim-reviewed');
  await karin.context().close();
});

test('an approver sees the claim awaiting approval and approves it', async ({ browser }) => {
  const anders = await signIn(browser, 'anders');
  await anders.goto(`${state.webUrl}/refusionskrav?status=awaiting-approval`);
  await expect(anders.getByRole('link', { name: 'Afventer godkendelse' })).toHaveAttribute('aria-current', 'page');
  await expect(anders.getByTestId(`reviewed-${state.poolId}-101-C-1`)).toHaveText('karin');
  await anders.getByRole('link', { name: 'C-1', exact: true }).click();
  await anders.getByRole('button', { name: 'Godkend kravet C-1' }).click();
  await expect(anders.getByRole('status').filter({ hasText: 'Kravet C-1 er godkendt' })).toBeVisible();
  await expect(anders.getByTestId('claim-status')).toHaveText('Godkendt');

  const approved = (await claimOf('C-1'))!;
  // 80 % of the approved expenses, rounded down to whole øre.
  expect(approved).toMatchObject({ status: 'approved', reviewedBy: 'karin', approvedBy: 'anders', approvedRefundOre: Math.floor((310_001 * 8000) / 10_000) });
  await expect(anders.getByTestId('claim-approved-refund')).toHaveText(kroner(approved.approvedRefundOre!));
  await expect(anders.getByTestId('claim-approved-by')).toHaveText('anders');
  await expect(anders.getByRole('button', { name: 'Godkend kravet C-1' })).toHaveCount(0);
  await screenshot(anders, 'claim-approved');

  // The queue follows: C-1 is listed as approved, no longer awaiting approval.
  await anders.getByRole('link', { name: 'Alle refusionskrav' }).click();
  await anders.getByRole('link', { name: 'Godkendt' }).click();
  await expect(anders.getByTestId(`approved-${state.poolId}-101-C-1`)).toHaveText(kroner(approved.approvedRefundOre!));
  await anders.context().close();
});

test('four-eyes: whoever reviewed a claim sees approval disabled with the reason; forced anyway it is refused and nothing is recorded', async ({ browser }) => {
  const bo = await signIn(browser, 'bo');
  await bo.goto(claimUrl('C-2'));
  await bo.getByRole('button', { name: 'Gennemgå kravet C-2' }).click();
  await expect(bo.getByTestId('claim-status')).toHaveText('Afventer godkendelse');
  await expect(bo.getByTestId('no-cuts')).toBeVisible();
  const approve = bo.getByRole('button', { name: 'Godkend kravet C-2' });
  await expect(approve).toHaveAttribute('aria-disabled', 'true');
  await expect(approve).toHaveAccessibleDescription(SELF_REVIEWED);
  await expect(bo.getByText(SELF_REVIEWED)).toBeVisible();
  // Clicked anyway, the disabled button does nothing.
  await approve.click({ force: true });
  await screenshot(bo, 'claim-four-eyes-disabled');
  const reviewed = (await claimOf('C-2'))!;
  expect(reviewed).toMatchObject({ status: 'awaiting-approval', reviewedBy: 'bo', approvedBy: null, cuts: [] });

  // Forced from the page with bo's own session: the server refuses.
  const forced = await bo.evaluate(async ({ poolId }) => {
    const { token } = JSON.parse(sessionStorage.getItem('puljeflow.session')!) as { token: string };
    const res = await fetch(`/api/v1/staff/pools/${poolId}/ledgers/101/claims/C-2/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { reasons?: { code: string }[] } };
  }, state);
  expect([forced.status, forced.body.reasons?.[0]?.code]).toEqual([403, 'FOUR_EYES_REQUIRED']);

  // Forced through the screen (the queue doctored to say someone else reviewed it): the screen says so.
  await bo.route('**/api/v1/staff/claims?*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { items: Claim[] };
    for (const c of body.items) if (c.claimId === 'C-2') c.reviewedBy = 'someone-else';
    await route.fulfill({ response, json: body });
  });
  await bo.reload();
  await bo.getByRole('button', { name: 'Godkend kravet C-2' }).click();
  const alert = bo.getByRole('alert');
  await expect(alert).toContainText('403');
  await expect(alert).toContainText('FOUR_EYES_REQUIRED');
  await expect(alert).toContainText('Intet er registreret');
  await screenshot(bo, 'claim-four-eyes-forced-refused');
  await bo.unrouteAll({ behavior: 'wait' });

  expect(await claimOf('C-2')).toEqual(reviewed);
  await bo.reload();
  await expect(bo.getByTestId('claim-status')).toHaveText('Afventer godkendelse');
  await expect(bo.getByTestId('claim-approved-by')).toHaveText('Endnu ikke');
  await bo.context().close();
});

test('the claim as of before its review: awaiting review, read-only', async ({ browser }) => {
  const karin = await signIn(browser, 'karin');
  await karin.goto(`${claimUrl('C-1')}?asOf=${encodeURIComponent(beforeReview)}`);
  await expect(karin.getByTestId('as-of-banner')).toContainText('Historisk visning');
  await expect(karin.getByTestId('claim-status')).toHaveText('Afventer gennemgang');
  const review = karin.getByRole('button', { name: 'Gennemgå kravet C-1' });
  await expect(review).toHaveAttribute('aria-disabled', 'true');
  await expect(review).toHaveAccessibleDescription('Ikke muligt i historisk visning');
  await expect(karin.locator('main [data-decision]:not([aria-disabled="true"])')).toHaveCount(0);
  const then = await (await apiAs('karin'))<{ items: Claim[] }>(`/api/v1/staff/claims?status=awaiting-review&poolId=${state.poolId}&asOf=${encodeURIComponent(beforeReview)}`);
  expect(then.items.map((c) => c.claimId)).toEqual(expect.arrayContaining(['C-1', 'C-2']));
  await karin.context().close();
});

async function expectCourseRow(page: Page, c: CourseItem) {
  await expect(page.getByTestId(`status-${c.courseId}`)).toHaveText({ started: 'Startet', rejected: 'Afvist', cancelled: 'Afbrudt', completed: 'Afsluttet' }[c.status]!);
  await expect(page.getByTestId(`expenses-${c.courseId}`)).toHaveText(kroner(c.expensesOre));
}

test('the course list filters by what the API filters, keeps the filters in the URL, and opens a course with its decisions explained', async ({ browser }) => {
  const karin = await signIn(browser, 'karin');
  const read = await apiAs('karin');
  await karin.goto(`${state.webUrl}/puljer/${state.poolId}`);
  await karin.getByRole('link', { name: 'Forløb og indberetninger' }).click();
  await expect(karin).toHaveURL(coursesUrl);
  const all = (await read<{ items: CourseItem[] }>(`${pool}/course-reports`)).items;
  expect(all.map((c) => c.courseId).sort()).toEqual(['B-1', 'B-2']);
  for (const c of all) await expectCourseRow(karin, c);

  await karin.getByLabel('Status').selectOption('rejected');
  await karin.getByRole('button', { name: 'Søg', exact: true }).click();
  await expect(karin).toHaveURL(/status=rejected/);
  const rejected = (await read<{ items: CourseItem[] }>(`${pool}/course-reports?status=rejected`)).items;
  expect(rejected.map((c) => c.courseId)).toEqual(['B-2']);
  await expect(karin.getByTestId('status-B-2')).toHaveText('Afvist');
  await expect(karin.getByTestId('status-B-1')).toHaveCount(0);
  await expect(karin.getByTestId('reasons-B-2')).toContainText('JOB_NOT_SHORTAGE_TITLE');
  await screenshot(karin, 'courses-rejected');
  // Back leaves the filter, forward brings it back.
  await karin.goBack();
  await expect(karin.getByTestId('status-B-1')).toBeVisible();
  await karin.goForward();
  await expect(karin.getByTestId('status-B-1')).toHaveCount(0);

  await karin.getByRole('link', { name: 'B-2' }).click();
  const detail = await read<CourseDetail>(`${pool}/course-reports/101/B-2`);
  expect(detail.decisions.map((d) => [d.type, d.outcome])).toEqual([['CourseStartRejected', 'rejected']]);
  await expect(karin.getByTestId('reason-JOB_NOT_SHORTAGE_TITLE')).toContainText('Jobbet er ikke en mangelstilling på arbejdsmarkedsbalancen');
  await expect(karin.getByTestId('basis-0')).toContainText(`Regelsæt version ${detail.decisions[0]!.basis!.poolDefinitionVersion}`);
  await screenshot(karin, 'course-rejected');

  await karin.goto(`${coursesUrl}/101/B-1`);
  const started = await read<CourseDetail>(`${pool}/course-reports/101/B-1`);
  const basis = started.decisions[0]!.basis!;
  expect(basis.balanceVersion).not.toBeNull();
  await expect(karin.getByTestId('basis-0')).toContainText(`Arbejdsmarkedsbalance ${basis.balanceVersion} (${basis.balanceHalfYear}): ${basis.shortageStatus}`);
  await expect(karin.getByTestId('course-expenses')).toHaveText(kroner(started.expensesOre));
  for (const e of started.expenses) await expect(karin.getByTestId(`expense-${e.expenseId}`)).toHaveText(kroner(e.amountOre));
  expect(started.expenses.map((e) => [e.expenseId, e.claimIds])).toEqual([['E-1', ['C-1']], ['E-2', ['C-1']], ['E-3', ['C-2']], ['E-4', ['C-3']]]);
  await expect(karin.getByRole('table', { name: 'Refusionskrav' })).toContainText('C-3');
  await screenshot(karin, 'course-started');
  await karin.context().close();
});

test('the CSV export of the course list, parsed back, has the rows and values the screen and the API show', async ({ browser }) => {
  const aud = await signIn(browser, 'aud');
  const api = (await (await apiAs('aud'))<{ items: CourseItem[] }>(`${pool}/course-reports`)).items;
  await aud.goto(coursesUrl);
  for (const c of api) await expectCourseRow(aud, c);
  await expect(aud.getByTestId('municipality-B-1')).toHaveText('Kommune 101');
  const [download] = await Promise.all([aud.waitForEvent('download'), aud.getByRole('button', { name: 'Eksportér til CSV' }).click()]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parse(text.slice(1), { delimiter: ';' }) as string[][];
  expect(header).toEqual(['Forløb', 'Kommune', 'Titel', 'Status', 'Målgruppe', 'Start', 'Slut', 'Afvisningsgrunde', 'Udgifter']);
  const status: Record<string, string> = { started: 'Startet', rejected: 'Afvist', cancelled: 'Afbrudt', completed: 'Afsluttet' };
  const group: Record<string, string> = { ressourceforloeb: 'Personer i ressourceforløb' };
  const date = (d: string | null) => (d ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : '');
  const csvOre = (ore: number) => `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
  const expected = api.map((c) => [c.courseId, `Kommune ${c.municipalityCode}`, c.title ?? '', status[c.status]!, c.targetGroup ? group[c.targetGroup]! : '', date(c.startDate), date(c.endDate), c.reasonCodes.join(', '), csvOre(c.expensesOre)]);
  expect(rows.sort()).toEqual(expected.sort());
  expect(rows.find((r) => r[0] === 'B-1')![8]).toBe(csvOre(250_001 + 100_000 + 120_000 + 30_000));
  await screenshot(aud, 'courses');
  await aud.context().close();
});
