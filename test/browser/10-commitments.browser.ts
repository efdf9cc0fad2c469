/// <reference lib="dom" />
// A pool's life as staff live it in the browser, each person in their own browser context, against the real system.
// The files run in the order of their numbers, on one pool: commitments (10), claims (20), payout runs (30), …, and
// every screen for every role and language last (90).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { apiAs, kroner, screenshot, signIn, state } from './helpers';

const poolUrl = `${state.webUrl}/puljer/${state.poolId}`;
const overviewPath = `/api/v1/staff/pools/${state.poolId}/overview`;
const name = (code: string) => `Kommune ${code}`;

interface Overview {
  pool: { status: string; commitmentsOre: number };
  municipalities: { municipalityCode: string; name: string; requestedOre: number; allocatedOre: number | null; committedOre: number; commitmentStatus: string; preparedBy: string | null; issuedBy: string | null }[];
}

test.describe.configure({ mode: 'serial' });

/** An instant before any commitment was issued, for the as-of view. */
let beforeCommitments = '';

test('a caseworker prepares and an approver issues commitments, each in their own browser', async ({ browser }) => {
  beforeCommitments = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 1100));
  const karin = await signIn(browser, 'karin');
  const anders = await signIn(browser, 'anders');
  const read = await apiAs('anders');

  await karin.goto(poolUrl);
  await screenshot(karin, 'pool-allocated');
  for (const code of ['101', '147']) {
    await karin.getByRole('button', { name: `Forbered tilsagn til ${name(code)}` }).click();
    await expect(karin.getByRole('status').filter({ hasText: `Tilsagnet til ${name(code)} er forberedt` })).toBeVisible();
    await expect(karin.getByTestId(`commitment-${code}`)).toHaveText('Forberedt, afventer godkendelse');
  }

  await anders.goto(poolUrl);
  for (const code of ['101', '147']) {
    await anders.getByRole('button', { name: `Giv tilsagn til ${name(code)}` }).click();
    await expect(anders.getByTestId(`commitment-${code}`)).toHaveText('Tilsagn givet');
  }
  const api = await read<Overview>(overviewPath);
  for (const code of ['101', '147']) {
    const row = api.municipalities.find((m) => m.municipalityCode === code)!;
    expect(row).toMatchObject({ commitmentStatus: 'issued', preparedBy: 'karin', issuedBy: 'anders' });
    await expect(anders.getByTestId(`committed-${code}`)).toHaveText(kroner(row.committedOre));
    await expect(anders.getByTestId(`allocated-${code}`)).toHaveText(kroner(row.allocatedOre!));
  }
  // The caseworker's screen follows without a reload.
  await expect(karin.getByTestId('commitment-101')).toHaveText('Tilsagn givet', { timeout: 10_000 });
  await screenshot(anders, 'pool-commitments-issued');
  await karin.context().close();
  await anders.context().close();
});

test('four-eyes: whoever prepared sees approval disabled with the reason; forced anyway it is refused and nothing is recorded', async ({ browser }) => {
  const bo = await signIn(browser, 'bo');
  const read = await apiAs('aud');
  await bo.goto(poolUrl);
  await bo.getByRole('button', { name: `Forbered tilsagn til ${name('151')}` }).click();
  await expect(bo.getByTestId('commitment-151')).toHaveText('Forberedt, afventer godkendelse');
  const issue = bo.getByRole('button', { name: `Giv tilsagn til ${name('151')}` });
  await expect(issue).toHaveAttribute('aria-disabled', 'true');
  await expect(issue).toHaveAccessibleDescription('Du har selv forberedt dette — en anden person skal godkende');
  await expect(bo.getByText('Du har selv forberedt dette — en anden person skal godkende')).toBeVisible();
  await screenshot(bo, 'four-eyes-disabled');

  // Forced from the page with the person's own session: the server refuses.
  const forced = await bo.evaluate(async ({ poolId }) => {
    const { token } = JSON.parse(sessionStorage.getItem('puljeflow.session')!) as { token: string };
    const res = await fetch(`/api/v1/staff/pools/${poolId}/commitments/151/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { reasons?: { code: string }[] } };
  }, state);
  expect(forced.status).toBe(403);
  expect(forced.body.reasons?.[0]?.code).toBe('FOUR_EYES_REQUIRED');

  // Forced through the screen (its overview doctored to say someone else prepared it): the screen says so.
  await bo.route(`**${overviewPath}*`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as Overview;
    for (const m of body.municipalities) if (m.municipalityCode === '151') m.preparedBy = 'someone-else';
    await route.fulfill({ response, json: body });
  });
  await bo.reload();
  await bo.getByRole('button', { name: `Giv tilsagn til ${name('151')}` }).click();
  const alert = bo.getByRole('alert');
  await expect(alert).toContainText('403');
  await expect(alert).toContainText('FOUR_EYES_REQUIRED');
  await expect(alert).toContainText('Intet er registreret');
  await screenshot(bo, 'four-eyes-forced-refused');
  await bo.unrouteAll({ behavior: 'wait' });

  const after = (await read<Overview>(overviewPath)).municipalities.find((m) => m.municipalityCode === '151')!;
  expect(after).toMatchObject({ commitmentStatus: 'prepared', preparedBy: 'bo', issuedBy: null, committedOre: 0 });
  await bo.context().close();
});

test('the as-of view shows the figures the API gives for that instant, marked, with no action possible', async ({ browser }) => {
  const anders = await signIn(browser, 'anders');
  const read = await apiAs('anders');
  await anders.goto(`${poolUrl}?asOf=${encodeURIComponent(beforeCommitments)}`);
  await expect(anders.getByTestId('as-of-banner')).toContainText('Historisk visning');
  const then = await read<Overview>(`${overviewPath}?asOf=${encodeURIComponent(beforeCommitments)}`);
  for (const m of then.municipalities) await expect(anders.getByTestId(`committed-${m.municipalityCode}`)).toHaveText(kroner(m.committedOre));
  // The pool as it was then, not as it is now: no commitment issued yet, where today 101 and 147 have theirs.
  const now = await read<Overview>(overviewPath);
  const committedNow = new Map(now.municipalities.map((m) => [m.municipalityCode, m.committedOre]));
  expect(then.municipalities.filter((m) => m.committedOre !== committedNow.get(m.municipalityCode)).map((m) => m.municipalityCode).sort()).toEqual(['101', '147']);
  // A decision the approver could take now is offered disabled in the as-of view, and says why.
  const approveAmendment = anders.getByRole('button', { name: 'Godkend ændring' });
  await expect(approveAmendment).toHaveAttribute('aria-disabled', 'true');
  await expect(approveAmendment).toHaveAccessibleDescription('Ikke muligt i historisk visning');
  await expect(anders.locator('main [data-decision]:not([aria-disabled="true"])')).toHaveCount(0);
  await screenshot(anders, 'pool-as-of');
  await anders.context().close();
});

test('the CSV export of the municipality list, parsed back, has the rows and values the screen and the API show', async ({ browser }) => {
  const aud = await signIn(browser, 'aud');
  const api = await (await apiAs('aud'))<Overview>(overviewPath);
  await aud.goto(poolUrl);
  await expect(aud.getByTestId('commitment-101')).toHaveText('Tilsagn givet');
  const [download] = await Promise.all([aud.waitForEvent('download'), aud.getByRole('button', { name: 'Eksportér til CSV' }).click()]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parse(text.slice(1), { delimiter: ';' }) as string[][];
  expect(header).toEqual(['Kode', 'Kommune', 'Søgt', 'Fordelt', 'Givet tilsagn', 'Tilsagn', 'Handlinger']);
  const csvOre = (ore: number | null) => (ore === null ? '' : `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`);
  const status: Record<string, string> = { none: 'Ikke forberedt', prepared: 'Forberedt, afventer godkendelse', issued: 'Tilsagn givet' };
  const expected = api.municipalities.map((m) => [m.municipalityCode, m.name, csvOre(m.requestedOre), csvOre(m.allocatedOre), csvOre(m.committedOre), status[m.commitmentStatus]!, '']);
  expect(rows.sort()).toEqual(expected.sort());
  for (const m of api.municipalities) await expect(aud.getByTestId(`requested-${m.municipalityCode}`)).toHaveText(kroner(m.requestedOre));
  await aud.context().close();
});

test('the language can be switched to English on screen, and back', async ({ browser }) => {
  const karin = await signIn(browser, 'karin');
  await karin.getByLabel('Sprog').selectOption('en');
  await expect(karin.locator('html')).toHaveAttribute('lang', 'en');
  await expect(karin.getByRole('heading', { level: 1, name: 'Pools' })).toBeVisible();
  await karin.getByLabel('Language').selectOption('da');
  await expect(karin.getByRole('heading', { level: 1, name: 'Puljer' })).toBeVisible();
  // Real URLs: back and forward move between screens.
  await karin.getByRole('link', { name: 'Browser-pulje' }).or(karin.locator('tbody a').first()).first().click();
  await expect(karin).toHaveURL(/\/puljer\/browser-pulje$/);
  await karin.goBack();
  await expect(karin).toHaveURL(/\/puljer$/);
  await karin.goForward();
  await expect(karin).toHaveURL(/\/puljer\/browser-pulje$/);
  await karin.context().close();
});
