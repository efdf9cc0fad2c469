/// <reference lib="dom" />
// Money as finance lives it in the browser, each person in their own browser context, after the commitments (10) and
// claims (20): a refund of 147 approved (set up here through the API, so this file also runs right after 10), one
// finance officer prepares today's payout run and another releases it, the worker pays it, the pain.001 file is
// downloaded, and the ledger of 147 shows the evidence trail from the payment to the employer's declaration.
import fs from 'node:fs';
import { addDays, copenhagenDateOf } from '@puljeflow/domain';
import { expect, test, type Page } from '@playwright/test';
import { electricianBalanceCsv } from '../e2e/this-year-pool';
import { kroner, screenshot, sendMunicipalEvents, signIn, staffApi, state } from './helpers';

const today = copenhagenDateOf(new Date());
const year = Number(today.slice(0, 4));
const pool = `/api/v1/staff/pools/${state.poolId}`;
const runsUrl = `${state.webUrl}/puljer/${state.poolId}/udbetalinger`;
const runUrl = `${runsUrl}/${today}`;
const FOUR_EYES = 'Du har selv forberedt dette — en anden person skal godkende';

interface RunLine {
  municipalityCode: string;
  amountOre: number;
  reference: string;
  state: string;
  paidAt: string | null;
}
interface Run {
  status: string;
  preparedBy?: string;
  releasedBy?: string | null;
  totalOre: number;
  lines: RunLine[];
}
interface RunList {
  runs: { runDate: string; state: string; totalOre: number; paidOre: number }[];
  totals: { totalOre: number; paidOre: number };
}
interface Trace {
  figures: Record<string, number>;
  payments: { reference: string; amountOre: number; claims: { claimId: string; amountOre: number }[] }[];
  claims: {
    claimId: string;
    claimedRefundOre: number;
    approvedRefundOre: number | null;
    paidOre: number;
    expenses: { courseId: string; expenseId: string; amountOre: number; course: { title: string; employerDeclaration: { employerName: string; cvr: string; jobTitle: string } } | null }[];
  }[];
}

test.describe.configure({ mode: 'serial' });

/** 147 has a course started today, an expense of today claimed, reviewed by a caseworker and approved by an approver. */
test.beforeAll(async () => {
  const admin = await staffApi('admin');
  const token = (await (await fetch(`${state.apiUrl}/api/v1/staff/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: state.staff['admin'] }) })).json()) as { token: string };
  const balance = await fetch(`${state.apiUrl}/api/v1/staff/reference-data/labour-market-balance`, { method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token.token}` }, body: electricianBalanceCsv(year) });
  expect(balance.status).toBe(200);
  expect((await admin.get<{ municipalities: { municipalityCode: string; commitmentStatus: string }[] }>(`${pool}/overview`)).municipalities.find((m) => m.municipalityCode === '147')?.commitmentStatus).toBe('issued');

  await sendMunicipalEvents('147', [
    {
      type: 'CourseStarted',
      data: {
        poolId: state.poolId,
        courseId: 'UDB-147-1',
        citizen: { cpr: '0202851234' },
        targetGroup: 'ressourceforloeb',
        employerDeclaration: { cvr: '87654321', employerName: 'Elektro Vest A/S', jobTitle: 'Elektriker', rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true },
        course: { title: 'Elinstallation for voksne', provider: 'AMU Vest', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 600_000 },
      },
    },
  ]);
  await sendMunicipalEvents('147', [{ type: 'ExpenseIncurred', data: { courseId: 'UDB-147-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 312_507, incurredOn: today, invoiceRef: 'F-147-1' } }]);
  await sendMunicipalEvents('147', [{ type: 'RefundClaimed', data: { poolId: state.poolId, claimId: 'R-147-1', budgetYear: year, kind: 'interim', upTo: today } }]);
  const claim = `${pool}/ledgers/147/claims/R-147-1`;
  expect((await (await staffApi('karin')).post(`${claim}/review`, { cuts: [] })).status).toBe(200);
  expect((await (await staffApi('anders')).post(`${claim}/approve`)).status).toBe(200);
});

/** The session token of the person signed in on the page. */
const tokenOf = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('puljeflow.session')!) as { token: string }).token);

/** A decision forced from the page with the person's own session (as a script in the page could): its status and first reason. */
const forcedFromPage = (page: Page, path: string) =>
  page.evaluate(async (url) => {
    const { token } = JSON.parse(sessionStorage.getItem('puljeflow.session')!) as { token: string };
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
    return [res.status, ((await res.json()) as { reasons?: { code: string }[] }).reasons?.[0]?.code];
  }, path);

/** Each line of the run on screen shows the API's amount, reference and state. */
async function expectLinesAsApi(page: Page, run: Run, stateText: Record<string, string>) {
  await expect(page.getByRole('table', { name: 'Linjer' }).locator('tbody tr')).toHaveCount(run.lines.length);
  for (const line of run.lines) {
    await expect(page.getByTestId(`line-amount-${line.municipalityCode}`)).toHaveText(kroner(line.amountOre));
    await expect(page.getByTestId(`line-reference-${line.municipalityCode}`)).toHaveText(line.reference);
    await expect(page.getByTestId(`line-state-${line.municipalityCode}`)).toHaveText(stateText[line.state]!);
  }
}

let beforeRelease = '';

test('one finance officer prepares today’s payout run and another releases it; the worker pays it and the pain.001 file is downloaded', async ({ browser }) => {
  const frida = await signIn(browser, 'frida');
  const finn = await signIn(browser, 'finn');
  const read = (await staffApi('aud')).get;

  // frida prepares the run from the calendar of runs.
  await frida.goto(runsUrl);
  await expect(frida.getByRole('heading', { level: 1, name: 'Udbetalingskørsler' })).toBeVisible();
  await expect(frida.getByTestId('figures-as-of')).toContainText('Tallene er som på');
  await expect(frida.getByTestId(`state-${today}`)).toHaveText('Planlagt');
  await screenshot(frida, 'payout-runs-scheduled');
  await frida.getByRole('button', { name: /^Forbered kørslen/ }).click();
  await expect(frida.getByRole('status').filter({ hasText: 'er forberedt' })).toBeVisible();
  await expect(frida.getByTestId(`state-${today}`)).toHaveText('Forberedt, afventer frigivelse');
  const prepared = await read<Run>(`${pool}/payout-runs/${today}`);
  expect(prepared).toMatchObject({ status: 'prepared', preparedBy: 'frida', releasedBy: null });
  expect(prepared.lines.map((l) => l.municipalityCode)).toContain('147');
  await expect(frida.getByTestId(`total-${today}`)).toHaveText(kroner(prepared.totalOre));

  // Four-eyes: frida sees the release disabled, with the reason; forced from her page it is refused and nothing is recorded.
  const release = frida.getByRole('button', { name: /^Frigiv kørslen/ });
  await expect(release).toHaveAttribute('aria-disabled', 'true');
  await expect(release).toHaveAccessibleDescription(FOUR_EYES);
  await expect(frida.getByText(FOUR_EYES)).toBeVisible();
  await screenshot(frida, 'payout-run-four-eyes');
  expect(await forcedFromPage(frida, `${pool}/payout-runs/${today}/release`)).toEqual([403, 'FOUR_EYES_REQUIRED']);
  // Forced through the screen (the list doctored to say someone else prepared the run): the screen says it was refused.
  const listRoute = `**${pool}/payout-runs`;
  await frida.route(listRoute, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { runs: { preparedBy: string | null }[] };
    for (const r of body.runs) if (r.preparedBy) r.preparedBy = 'someone-else';
    await route.fulfill({ response, json: body });
  });
  await frida.reload();
  await frida.getByRole('button', { name: /^Frigiv kørslen/ }).click();
  const alert = frida.getByRole('alert');
  await expect(alert).toContainText('403 FOUR_EYES_REQUIRED');
  await expect(alert).toContainText('Intet er registreret');
  await screenshot(frida, 'payout-run-release-refused');
  await frida.unrouteAll({ behavior: 'wait' });
  expect(await read<Run>(`${pool}/payout-runs/${today}`)).toEqual(prepared);

  // finn opens the run, sees the lines the API has, and releases it.
  await finn.goto(runUrl);
  await expect(finn.getByTestId('run-state')).toHaveText('Forberedt, afventer frigivelse');
  await expect(finn.getByTestId('run-prepared-by')).toHaveText('frida');
  await expectLinesAsApi(finn, prepared, { unpaid: 'Afventer' });
  await expect(finn.getByText('Filen skrives, når kørslen udbetales.')).toBeVisible();
  beforeRelease = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 50));
  await finn.getByRole('button', { name: /^Frigiv kørslen/ }).click();
  await expect(finn.getByRole('status').filter({ hasText: 'er frigivet' })).toBeVisible();

  // The worker pays it; the screen follows without a reload.
  await expect(finn.getByTestId('run-state')).toHaveText('Udbetalt', { timeout: 60_000 });
  const paid = await read<Run>(`${pool}/payout-runs/${today}`);
  expect(paid).toMatchObject({ status: 'completed', preparedBy: 'frida', releasedBy: 'finn' });
  expect(paid.lines.every((l) => l.state === 'paid')).toBe(true);
  await expect(finn.getByTestId('run-released-by')).toHaveText('finn');
  await expect(finn.getByTestId('run-paid')).toHaveText(kroner(paid.totalOre));
  await expectLinesAsApi(finn, paid, { paid: 'Udbetalt' });
  await screenshot(finn, 'payout-run-paid');

  // The pain.001 file, downloaded on screen with finn's session, is the API's file byte for byte.
  const [download] = await Promise.all([finn.waitForEvent('download'), finn.getByRole('button', { name: 'Hent pain.001-filen' }).click()]);
  expect(download.suggestedFilename()).toBe(`${state.poolId}_${today}.pain001.xml`);
  const downloaded = fs.readFileSync((await download.path())!);
  const fromApi = Buffer.from(await (await fetch(`${state.apiUrl}${pool}/payout-runs/${today}/pain001`, { headers: { Authorization: `Bearer ${await tokenOf(finn)}` } })).arrayBuffer());
  expect(downloaded.length).toBeGreaterThan(0);
  expect(downloaded.equals(fromApi)).toBe(true);
  for (const line of paid.lines) expect(downloaded.toString('utf8')).toContain(line.reference);

  // The calendar of runs shows the run paid, with the API's totals.
  await frida.goto(runsUrl);
  const list = await read<RunList>(`${pool}/payout-runs`);
  await expect(frida.getByTestId(`state-${today}`)).toHaveText('Udbetalt');
  await expect(frida.getByTestId('runs-paid')).toHaveText(kroner(list.totals.paidOre));
  await expect(frida.getByRole('button', { name: /^Frigiv kørslen/ })).toHaveCount(0);
  await screenshot(frida, 'payout-runs-paid');
  await frida.context().close();
  await finn.context().close();
});

test('the runs as of before the release show the API’s figures for that instant, marked, with no action possible', async ({ browser }) => {
  const finn = await signIn(browser, 'finn');
  const read = (await staffApi('finn')).get;
  const then = await read<RunList>(`${pool}/payout-runs?asOf=${encodeURIComponent(beforeRelease)}`);
  expect(then.runs.find((r) => r.runDate === today)?.state).toBe('prepared');
  await finn.goto(`${runsUrl}?asOf=${encodeURIComponent(beforeRelease)}`);
  await expect(finn.getByTestId('as-of-banner')).toContainText('Historisk visning');
  await expect(finn.getByTestId(`state-${today}`)).toHaveText('Forberedt, afventer frigivelse');
  await expect(finn.getByTestId('runs-paid')).toHaveText(kroner(then.totals.paidOre));
  await expect(finn.getByTestId(`paid-${today}`)).toHaveText(kroner(0));
  const release = finn.getByRole('button', { name: /^Frigiv kørslen/ });
  await expect(release).toHaveAttribute('aria-disabled', 'true');
  await expect(release).toHaveAccessibleDescription('Ikke muligt i historisk visning');
  await expect(finn.locator('main [data-decision]:not([aria-disabled="true"])')).toHaveCount(0);
  await screenshot(finn, 'payout-runs-as-of');
  await finn.context().close();
});

test('the ledger of 147 shows the evidence trail the API gives: payment → claim → expense → course → employer declaration', async ({ browser }) => {
  const aud = await signIn(browser, 'aud');
  const trace = await (await staffApi('aud')).get<Trace>(`${pool}/ledgers/147`);
  expect(trace.payments.length).toBeGreaterThan(0);
  expect(trace.claims.map((c) => c.claimId)).toContain('R-147-1');

  // From the pool page, by the municipality's link.
  await aud.goto(`${state.webUrl}/puljer/${state.poolId}`);
  await aud.getByRole('table', { name: 'Kommuner' }).getByRole('link', { name: 'Kommune 147', exact: true }).click();
  await expect(aud).toHaveURL(new RegExp(`/puljer/${state.poolId}/kommuner/147$`));
  await expect(aud.getByRole('heading', { level: 1, name: 'Regnskab for Kommune 147' })).toBeVisible();
  await expect(aud.getByTestId('figure-paidOre')).toHaveText(kroner(trace.figures['paidOre']!));
  await expect(aud.getByTestId('figure-approvedRefundOre')).toHaveText(kroner(trace.figures['approvedRefundOre']!));

  for (const payment of trace.payments) {
    const step = aud.getByTestId(`trail-payment-${payment.reference}`);
    await expect(step).toContainText(payment.reference);
    await expect(step).toContainText(kroner(payment.amountOre));
    for (const c of payment.claims) {
      const link = aud.getByTestId(`trail-payment-claim-${payment.reference}-${c.claimId}`);
      await expect(link).toContainText(kroner(c.amountOre));
      await link.click();
      await expect(aud).toHaveURL(new RegExp(`#claim-${c.claimId}$`));
    }
  }
  for (const claim of trace.claims) {
    await expect(aud.getByTestId(`trail-claimed-${claim.claimId}`)).toHaveText(kroner(claim.claimedRefundOre));
    await expect(aud.getByTestId(`trail-approved-${claim.claimId}`)).toHaveText(claim.approvedRefundOre === null ? '—' : kroner(claim.approvedRefundOre));
    await expect(aud.getByTestId(`trail-paid-${claim.claimId}`)).toHaveText(kroner(claim.paidOre));
    for (const e of claim.expenses) {
      const id = `${claim.claimId}-${e.courseId}-${e.expenseId}`;
      const expense = aud.getByTestId(`trail-expense-${id}`);
      await expense.locator('summary').first().click();
      await expect(expense.locator('summary').first()).toContainText(kroner(e.amountOre));
      const course = aud.getByTestId(`trail-course-${id}`);
      await course.locator('summary').click();
      await expect(course.locator('summary')).toContainText(e.course!.title);
      const declaration = aud.getByTestId(`trail-declaration-${id}`);
      await expect(declaration).toBeVisible();
      await expect(declaration).toContainText(`${e.course!.employerDeclaration.employerName} (CVR ${e.course!.employerDeclaration.cvr})`);
      await expect(declaration).toContainText(e.course!.employerDeclaration.jobTitle);
    }
  }
  await expect(aud.locator('main [data-decision]:not([aria-disabled="true"])')).toHaveCount(0);
  await screenshot(aud, 'ledger-147-trail');
  await aud.context().close();
});

test('finance records a repayment received on the settlements screen: one prepares it, another confirms it', async ({ browser }) => {
  // 147's final claim for the year is cut to 250,000 øre of expenses: 200,000 øre of refund, 50,005 øre paid too much.
  await sendMunicipalEvents('147', [
    { type: 'RefundClaimed', data: { poolId: state.poolId, claimId: 'F-147', budgetYear: year, kind: 'final', upTo: today, statement: { signedBy: 'Direktør', auditorCertified: true, documentRef: 'REV-147' } } },
  ]);
  const claim = `${pool}/ledgers/147/claims/F-147`;
  expect((await (await staffApi('karin')).post(`${claim}/review`, { cuts: [{ courseId: 'UDB-147-1', expenseId: 'E-1', approvedOre: 250_000, reason: 'Kun kursusafgiften' }] })).status).toBe(200);
  expect((await (await staffApi('anders')).post(`${claim}/approve`)).status).toBe(200);
  const read = (await staffApi('aud')).get;
  const demanded = (await read<{ repaymentDemands: { budgetYear: number; amountOre: number; outstandingOre: number }[] }>(`${pool}/ledgers/147`)).repaymentDemands;
  expect(demanded).toEqual([expect.objectContaining({ budgetYear: year, amountOre: 50_005, outstandingOre: 50_005 })]);
  const key = `147-${year}`;
  const label = `kommune 147, budgetår ${year}`;

  const frida = await signIn(browser, 'frida');
  await frida.goto(`${state.webUrl}/puljer/${state.poolId}/afregning`);
  await expect(frida.getByTestId(`demand-outstanding-${key}`)).toHaveText(kroner(50_005), { timeout: 30_000 });
  await expect(frida.getByTestId(`repayment-${key}`)).toHaveText(kroner(50_005));
  const form = frida.getByRole('form', { name: `Registrér indbetaling fra ${label}` });
  await form.getByLabel('Modtaget beløb i kroner').fill('300,00');
  await form.getByLabel('Overførslens reference').fill('Indbetaling 147');
  await form.getByRole('button', { name: `Registrér indbetaling fra ${label}` }).click();
  await expect(frida.getByRole('status').filter({ hasText: 'er registreret' })).toBeVisible();
  await expect(frida.getByTestId(`demand-pending-${key}`)).toHaveText(`${kroner(30_000)} (Indbetaling 147) registreret af frida`);
  const confirm = frida.getByRole('button', { name: `Bekræft indbetaling fra ${label}` });
  await expect(confirm).toHaveAttribute('aria-disabled', 'true');
  await expect(confirm).toHaveAccessibleDescription(FOUR_EYES);
  expect(await forcedFromPage(frida, `${pool}/ledgers/147/repayments/${year}/confirm`)).toEqual([403, 'FOUR_EYES_REQUIRED']);
  expect((await read<{ repaymentDemands: { receivedOre: number; pendingReceipt: unknown }[] }>(`${pool}/ledgers/147`)).repaymentDemands[0]).toMatchObject({ receivedOre: 0, pendingReceipt: expect.objectContaining({ preparedBy: 'frida' }) });
  await screenshot(frida, 'settlements-receipt-prepared');

  const finn = await signIn(browser, 'finn');
  await finn.goto(`${state.webUrl}/puljer/${state.poolId}/afregning`);
  await finn.getByRole('button', { name: `Bekræft indbetaling fra ${label}` }).click();
  await expect(finn.getByRole('status').filter({ hasText: 'er bekræftet' })).toBeVisible();
  const after = (await read<{ repaymentDemands: { receivedOre: number; outstandingOre: number; receipts: { amountOre: number; confirmedBy: string }[] }[] }>(`${pool}/ledgers/147`)).repaymentDemands[0]!;
  expect(after).toMatchObject({ receivedOre: 30_000, outstandingOre: 20_005, receipts: [expect.objectContaining({ amountOre: 30_000, confirmedBy: 'finn' })] });
  await expect(finn.getByTestId(`demand-received-${key}`)).toHaveText(kroner(after.receivedOre));
  await expect(finn.getByTestId(`demand-outstanding-${key}`)).toHaveText(kroner(after.outstandingOre));
  await expect(finn.getByRole('table', { name: 'Modtagne tilbagebetalinger' })).toContainText('Indbetaling 147');
  // The other finance officer's screen follows without a reload.
  await expect(frida.getByTestId(`demand-pending-${key}`)).toHaveText('—', { timeout: 10_000 });
  await screenshot(finn, 'settlements-receipt-confirmed');
  await frida.context().close();
  await finn.context().close();
});
