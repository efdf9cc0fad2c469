/// <reference lib="dom" />
// Every screen (screens.ts), last of the suite so it sees the pool's whole life: an auditor sees each and no usable
// decision; axe finds no serious or critical violation in Danish and English; the keyboard alone reaches every action.
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, state, unreachableByKeyboard } from './helpers';
import { SCREENS } from './screens';

test.describe.configure({ mode: 'serial' });

test('an auditor sees every screen and no action', async ({ browser }) => {
  // One test walks every screen: its time grows with the registry.
  test.setTimeout(60_000 + SCREENS.length * 15_000);
  const aud = await signIn(browser, 'aud');
  for (const screen of SCREENS) {
    await aud.goto(`${state.webUrl}${screen.path}`);
    await expect(aud.getByRole('heading', { level: 1 })).toBeVisible();
    await (screen.readyForAuditor ?? screen.ready)(aud, 'da');
    // Decisions are hidden from the auditor, or shown disabled with the reason; none can be used.
    await expect(aud.locator('main [data-decision]:not([aria-disabled="true"])')).toHaveCount(0);
    await screenshot(aud, `auditor-${screen.name}`);
  }
  await aud.context().close();
});

for (const lng of ['da', 'en'] as const) {
  test(`axe finds no serious or critical violation on the sign-in screen (${lng}), and <html lang> says ${lng}`, async ({ browser }) => {
    const login = await (await browser.newContext()).newPage();
    await login.addInitScript((l) => window.localStorage.setItem('puljeflow.language', l), lng);
    await login.goto(`${state.webUrl}/puljer`);
    await expect(login.locator('html')).toHaveAttribute('lang', lng);
    await expectAccessible(login);
    await screenshot(login, `${lng}-login`);
    await login.context().close();
  });

  for (const screen of SCREENS) {
    test(`axe finds no serious or critical violation on ${screen.name} (${lng}), and <html lang> says ${lng}`, async ({ browser }) => {
      const page = await signIn(browser, screen.user, lng);
      await page.goto(`${state.webUrl}${screen.path}`);
      await screen.ready(page, lng);
      await expect(page.locator('html')).toHaveAttribute('lang', lng);
      await expectAccessible(page);
      await screenshot(page, `${lng}-${screen.name}`);
      await page.context().close();
    });
  }
}

for (const screen of SCREENS) {
  test(`keyboard alone reaches every action and link on ${screen.name}`, async ({ browser }) => {
    const page = await signIn(browser, screen.user);
    await page.goto(`${state.webUrl}${screen.path}`);
    await screen.ready(page, 'da');
    expect(await unreachableByKeyboard(page)).toEqual([]);
    await page.context().close();
  });
}
