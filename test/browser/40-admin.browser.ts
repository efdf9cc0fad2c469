/// <reference lib="dom" />
// Administration and the rest of a pool's screens, as staff do them: an admin issues a municipality's API key (shown
// once) and revokes it, keeps a staff account; a caseworker prepares a reduction of a commitment and an approver
// approves it; finance records marketing spending; the auditor reads the audit trail; an admin previews a balance
// import before applying it. Each result on screen is compared with what the API returns. Runs after 10-commitments,
// which issued commitments to 101 and 147.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, kroner, screenshot, signIn, state } from './helpers';

test.describe.configure({ mode: 'serial' });

const poolPath = `/api/v1/staff/pools/${state.poolId}`;
const standingOf101 = `${state.apiUrl}/api/v1/municipalities/101/pools/${state.poolId}`;

/** The rows of a screen's CSV export (header first), as Danish Excel would read them. */
async function exportedCsv(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportér til CSV' }).click()]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text.slice(1), { delimiter: ';' }) as string[][];
}

test('an admin issues a municipal API key, shown once; it works until the admin revokes it', async ({ browser }) => {
  const admin = await signIn(browser, 'admin');
  await admin.getByRole('link', { name: 'API-nøgler' }).click();
  await expect(admin).toHaveURL(/\/administration\/noegler$/);
  await admin.getByLabel('Kommunekode').fill('101');
  await admin.getByLabel('Nøglens navn').fill('Fagsystem, browsertest');
  await admin.getByRole('button', { name: 'Udsted nøgle' }).click();
  const shown = admin.getByTestId('issued-key');
  await expect(shown).toContainText('Nøglen vises kun nu — den kan ikke vises igen');
  const key = (await admin.getByTestId('issued-key-value').textContent())!.trim();
  expect(key.length).toBeGreaterThan(20);
  await screenshot(admin, 'api-key-issued');

  // The key works against the municipal API.
  const withKey = () => fetch(standingOf101, { headers: { Authorization: `Bearer ${key}` } });
  expect((await withKey()).status).toBe(200);

  // Shown once: after a reload it is nowhere on the screen, only its first characters in the list.
  await admin.reload();
  await expect(admin.getByRole('heading', { level: 1, name: 'Kommunernes API-nøgler' })).toBeVisible();
  await expect(admin.getByTestId('issued-key')).toHaveCount(0);
  expect(await admin.content()).not.toContain(key);
  const api = await apiAs('admin');
  const listed = (await api<{ keys: { id: string; name: string; keyPrefix: string; revokedAt: string | null }[] }>('/api/v1/staff/api-keys')).keys;
  const mine = listed.find((k) => k.name === 'Fagsystem, browsertest')!;
  expect(key.startsWith(mine.keyPrefix)).toBe(true);
  await expect(admin.getByTestId(`key-status-${mine.keyPrefix}`)).toHaveText('Aktiv');

  // Revoked after a confirmation that says what happens; then the municipal API refuses it.
  await admin.getByRole('button', { name: 'Tilbagekald Fagsystem, browsertest' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Tilbagekald nøglen?' });
  await expect(dialog).toContainText('holder op med at virke med det samme');
  await screenshot(admin, 'api-key-revoke-confirm');
  await dialog.getByRole('button', { name: 'Ja, tilbagekald nøglen' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'er tilbagekaldt' })).toBeVisible();
  await expect(admin.getByTestId(`key-status-${mine.keyPrefix}`)).toContainText('Tilbagekaldt');
  expect((await withKey()).status).toBe(401);
  const after = (await api<{ keys: { id: string; revokedAt: string | null }[] }>('/api/v1/staff/api-keys')).keys.find((k) => k.id === mine.id)!;
  expect(after.revokedAt).not.toBeNull();

  // The list on screen is the API's, row for row (CSV export).
  const [header, ...rows] = await exportedCsv(admin);
  expect(header).toEqual(['Kommune', 'Navn', 'Begynder med', 'Udstedt', 'Status', 'Handlinger']);
  expect(rows.map((r) => r[2]).sort()).toEqual(listed.map((k) => k.keyPrefix).sort());
  await screenshot(admin, 'api-keys');
  await admin.context().close();
});

test('an admin creates a staff account, changes its name and roles, and disables it after a confirmation', async ({ browser }) => {
  const admin = await signIn(browser, 'admin');
  await admin.getByRole('link', { name: 'Medarbejdere' }).click();
  await expect(admin).toHaveURL(/\/administration\/brugere$/);
  await admin.getByLabel('Brugernavn').fill('ny-sagsbehandler');
  await admin.getByLabel('Navn', { exact: true }).fill('Nina Ny');
  await admin.getByLabel('Første adgangskode').fill('en lang adgangskode');
  await admin.getByRole('group', { name: 'Roller' }).getByLabel('Sagsbehandler').check();
  await admin.getByRole('button', { name: 'Opret medarbejder' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Medarbejderen ny-sagsbehandler er oprettet' })).toBeVisible();
  await expect(admin.getByTestId('user-status-ny-sagsbehandler')).toHaveText('Aktiv');

  const signInAsNina = () =>
    fetch(`${state.apiUrl}/api/v1/staff/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ny-sagsbehandler', password: 'en lang adgangskode' }) });
  expect((await signInAsNina()).status).toBe(200);
  const api = await apiAs('aud');
  type Users = { users: { username: string; displayName: string; roles: string[]; active: boolean }[] };
  expect((await api<Users>('/api/v1/staff/users')).users.find((u) => u.username === 'ny-sagsbehandler')).toEqual({ username: 'ny-sagsbehandler', displayName: 'Nina Ny', roles: ['caseworker'], active: true });

  // Name and roles changed on screen, as the API then has them.
  await admin.getByRole('button', { name: 'Ret ny-sagsbehandler' }).click();
  const edit = admin.getByRole('form', { name: 'Ret ny-sagsbehandler' });
  await edit.getByLabel('Navn').fill('Nina Nyborg');
  await edit.getByLabel('Godkender').check();
  await edit.getByRole('button', { name: 'Gem ændringerne' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Ændringerne til ny-sagsbehandler er gemt' })).toBeVisible();
  expect((await api<Users>('/api/v1/staff/users')).users.find((u) => u.username === 'ny-sagsbehandler')).toEqual({ username: 'ny-sagsbehandler', displayName: 'Nina Nyborg', roles: ['caseworker', 'approver'], active: true });
  await expect(admin.getByRole('list', { name: 'Roller for ny-sagsbehandler' })).toHaveText(/Sagsbehandler\s*Godkender/);

  await admin.getByRole('button', { name: 'Deaktivér ny-sagsbehandler' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Deaktivér medarbejderen?' });
  await expect(dialog).toContainText('logget ud med det samme');
  await dialog.getByRole('button', { name: 'Ja, deaktivér' }).click();
  await expect(admin.getByTestId('user-status-ny-sagsbehandler')).toHaveText('Deaktiveret');
  expect((await api<Users>('/api/v1/staff/users')).users.find((u) => u.username === 'ny-sagsbehandler')?.active).toBe(false);
  expect((await signInAsNina()).status).toBe(401);
  // An admin is not offered to disable themselves.
  await expect(admin.getByRole('button', { name: 'Deaktivér admin' })).toHaveCount(0);
  await screenshot(admin, 'staff-users');
  await admin.context().close();
});

interface Overview {
  municipalities: { municipalityCode: string; committedOre: number; commitmentStatus: string }[];
}

test('a caseworker prepares a reduction of a commitment and an approver approves it; whoever prepared cannot', async ({ browser }) => {
  const read = await apiAs('aud');
  const before = (await read<Overview>(`${poolPath}/overview`)).municipalities.find((m) => m.municipalityCode === '101')!;
  expect(before.commitmentStatus).toBe('issued');
  const newAmountOre = before.committedOre - 100_000;

  const karin = await signIn(browser, 'karin');
  await karin.goto(`${state.webUrl}/puljer/${state.poolId}`);
  await karin.getByRole('link', { name: 'Tilsagn og nedsættelser for Kommune 101' }).click();
  await expect(karin).toHaveURL(new RegExp(`/puljer/${state.poolId}/tilsagn/101$`));
  await expect(karin.getByTestId('commitment-amount')).toHaveText(kroner(before.committedOre));
  await karin.getByLabel('Nyt beløb (kr.)').fill(kroner(newAmountOre).replace(' kr.', ''));
  await karin.getByLabel('Begrundelse').fill('Færre forløb end ventet');
  await karin.getByRole('button', { name: 'Forbered nedsættelse' }).click();
  await expect(karin.getByRole('status').filter({ hasText: 'Nedsættelsen er forberedt' })).toBeVisible();
  const pending = karin.getByTestId('pending-reduction');
  await expect(pending).toContainText(`Nedsæt til ${kroner(newAmountOre)}, forberedt af karin`);
  // A caseworker alone is not offered the approval.
  await expect(karin.getByRole('button', { name: 'Godkend nedsættelsen' })).toHaveCount(0);
  await screenshot(karin, 'reduction-prepared');

  const anders = await signIn(browser, 'anders');
  await anders.goto(`${state.webUrl}/puljer/${state.poolId}/tilsagn/101`);
  await expect(anders.getByTestId('pending-reduction')).toContainText('forberedt af karin');
  await anders.getByRole('button', { name: 'Godkend nedsættelsen' }).click();
  await expect(anders.getByRole('status').filter({ hasText: 'Nedsættelsen er godkendt' })).toBeVisible();
  const after = (await read<Overview>(`${poolPath}/overview`)).municipalities.find((m) => m.municipalityCode === '101')!;
  expect(after.committedOre).toBe(newAmountOre);
  await expect(anders.getByTestId('commitment-amount')).toHaveText(kroner(after.committedOre));
  await expect(anders.getByRole('table', { name: 'Godkendte nedsættelser' })).toContainText('Færre forløb end ventet');
  await expect(anders.getByTestId('pending-reduction')).toHaveCount(0);
  await screenshot(anders, 'reduction-approved');

  // Four-eyes: bo prepares the next reduction and sees its approval disabled with the reason.
  const bo = await signIn(browser, 'bo');
  await bo.goto(`${state.webUrl}/puljer/${state.poolId}/tilsagn/147`);
  const committed147 = (await read<Overview>(`${poolPath}/overview`)).municipalities.find((m) => m.municipalityCode === '147')!.committedOre;
  await bo.getByLabel('Nyt beløb (kr.)').fill(kroner(committed147 - 50_000).replace(' kr.', ''));
  await bo.getByLabel('Begrundelse').fill('Et forløb færre');
  await bo.getByRole('button', { name: 'Forbered nedsættelse' }).click();
  const approve = bo.getByRole('button', { name: 'Godkend nedsættelsen' });
  await expect(approve).toHaveAttribute('aria-disabled', 'true');
  await expect(approve).toHaveAccessibleDescription('Du har selv forberedt dette — en anden person skal godkende');
  await screenshot(bo, 'reduction-four-eyes');
  for (const page of [karin, anders, bo]) await page.context().close();
});

test('the pool overview shows money over time as the API gives it by month', async ({ browser }) => {
  const aud = await signIn(browser, 'aud');
  const summary = await (await apiAs('aud'))<{ total: { committedOre: number }; byMonth: { month: string; committedOre: number; paidOre: number }[] }>(`${poolPath}/ledger-summary`);
  await aud.goto(`${state.webUrl}/puljer/${state.poolId}`);
  await expect(aud.getByRole('heading', { name: 'Penge over tid' })).toBeVisible();
  const last = summary.byMonth.at(-1)!;
  expect(last.committedOre).toBe(summary.total.committedOre);
  const row = aud.getByTestId('money-by-month').locator(`tr[data-month="${last.month}"]`);
  await expect(row.locator('td').first()).toHaveText(kroner(last.committedOre));
  await expect(aud.locator('.chart svg').last()).toBeVisible();
  await screenshot(aud, 'pool-money-over-time');
  await aud.context().close();
});

test('finance records marketing spending; the line on screen is the API\'s', async ({ browser }) => {
  const frida = await signIn(browser, 'frida');
  await frida.goto(`${state.webUrl}/puljer/${state.poolId}`);
  await frida.getByRole('link', { name: 'Markedsføringspuljen' }).click();
  await expect(frida).toHaveURL(new RegExp(`/puljer/${state.poolId}/markedsfoering$`));
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
  await frida.getByLabel('Udgiftens id').fill('M-BROWSER-1');
  await frida.getByLabel('Beløb (kr.)').fill('12.345,67');
  await frida.getByLabel('Afholdt den').fill(today);
  await frida.getByLabel('Beskrivelse').fill('Annoncer i fagblade');
  await frida.getByRole('button', { name: 'Registrér udgiften' }).click();
  await expect(frida.getByRole('status').filter({ hasText: 'Udgiften M-BROWSER-1 er registreret' })).toBeVisible();
  await expect(frida.getByTestId('spending-M-BROWSER-1')).toHaveText('12.345,67 kr.', { timeout: 20_000 });
  const line = await (await apiAs('frida'))<{ spentOre: number; remainingOre: number; spendings: { spendingId: string; amountOre: number; recordedBy: string }[] }>(`${poolPath}/marketing`);
  expect(line.spendings.find((s) => s.spendingId === 'M-BROWSER-1')).toMatchObject({ amountOre: 1_234_567, recordedBy: 'frida' });
  await expect(frida.getByTestId('marketing-spent')).toHaveText(kroner(line.spentOre));
  await expect(frida.getByTestId('marketing-remaining')).toHaveText(kroner(line.remainingOre));
  await screenshot(frida, 'marketing');
  await frida.context().close();
});

test('the audit trail on screen lists the decisions the API lists, filtered, and exports them', async ({ browser }) => {
  const aud = await signIn(browser, 'aud');
  type Page_ = { items: { seq: string; person: string; kind: string }[]; next: string | null };
  const api = await apiAs('aud');
  const items: Page_['items'] = [];
  for (let after: string | null = null; ; ) {
    const page: Page_ = await api<Page_>(`/api/v1/staff/audit?poolId=${state.poolId}&limit=500${after ? `&after=${after}` : ''}`);
    items.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['CommitmentPrepared', 'CommitmentIssued', 'CommitmentReductionPrepared', 'CommitmentReduced', 'MarketingSpendingRecorded']));

  await aud.getByRole('link', { name: 'Revisionsspor' }).click();
  await aud.getByLabel('Pulje (id)').fill(state.poolId);
  await aud.getByRole('button', { name: 'Anvend filtrene' }).click();
  await expect(aud).toHaveURL(new RegExp(`/revisionsspor\\?poolId=${state.poolId}$`));
  await expect(aud.getByText(`${items.length} rækker`)).toBeVisible();
  const [header, ...rows] = await exportedCsv(aud);
  expect(header).toEqual(['Tidspunkt', 'Medarbejder', 'Beslutning', 'Pulje', 'Kommune', 'Hvad', 'Regelsæt', 'Løbenummer']);
  expect(rows.map((r) => [r[7], r[1]])).toEqual(items.map((i) => [i.seq, i.person]));
  expect(rows.find((r) => r[2] === 'Tilsagn nedsat')?.[5]).toContain('Nyt beløb');

  // Filtered by person and decision, through the URL.
  await aud.goto(`${state.webUrl}/revisionsspor?poolId=${state.poolId}&person=anders&kind=CommitmentReduced`);
  const reduced = items.filter((i) => i.person === 'anders' && i.kind === 'CommitmentReduced');
  await expect(aud.getByText(`${reduced.length} rækker`)).toBeVisible();
  await expect(aud.locator('tbody [data-kind="CommitmentReduced"]')).toHaveCount(reduced.length);
  await screenshot(aud, 'audit-trail');
  await aud.context().close();
});

test('an admin sees what a balance import changes before applying it, and the versions then are the API\'s', async ({ browser }) => {
  const admin = await signIn(browser, 'admin');
  const api = await apiAs('admin');
  const year = Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric' }).format(new Date()));
  const csv = `# source: browsertest\nhalf_year,rar_area,job_title,disco_08,status\n${year}H1,Hovedstaden,Elektriker,741100,mangel\n${year}H1,Fyn,VVS-montør,712600,mangel\n`;
  const versions = async () => (await api<{ versions: { version: string }[] }>('/api/v1/staff/reference-data/labour-market-balance')).versions;
  const before = await versions();

  await admin.getByRole('link', { name: 'Arbejdsmarkedsbalancen' }).click();
  await admin.getByLabel('CSV-fil').setInputFiles({ name: 'balance.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await admin.getByRole('button', { name: 'Vis ændringerne' }).click();
  const preview = admin.getByTestId('balance-preview');
  await expect(preview).toContainText(`${year}H1: ny version`);
  await expect(preview).toContainText('Tilføjet: VVS-montør (Fyn, DISCO 712600) — mangel');
  // Nothing is written by the preview.
  expect(await versions()).toEqual(before);
  await screenshot(admin, 'balance-preview');

  await preview.getByRole('button', { name: 'Anvend ændringerne' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Indlæst:' })).toBeVisible();
  const after = await versions();
  const created = after.filter((v) => !before.some((b) => b.version === v.version));
  expect(created.map((v) => v.version)).toEqual([expect.stringMatching(new RegExp(`^${year}H1-v\\d+$`))]);
  await expect(admin.getByRole('table', { name: 'Indlæste versioner' })).toContainText(created[0]!.version);
  await expect(admin.getByTestId('balance-preview')).toHaveCount(0);
  await admin.context().close();
});
