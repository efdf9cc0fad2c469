/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { browserState } from './state';

export const state = browserState();
export const SCREENS_DIR = path.resolve(__dirname, '../../test-results/browser/screens');

export type Language = 'da' | 'en';

/** A person's own browser context, signed in through the sign-in screen, in the language asked for. */
export async function signIn(browser: Browser, username: string, language: Language = 'da'): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((lng) => window.localStorage.setItem('puljeflow.language', lng), language);
  const page = await context.newPage();
  await page.goto(`${state.webUrl}/puljer`);
  await page.getByLabel(language === 'da' ? 'Brugernavn' : 'Username').fill(username);
  await page.getByLabel(language === 'da' ? 'Adgangskode' : 'Password').fill(state.staff[username]!);
  await page.getByRole('button', { name: language === 'da' ? 'Log ind' : 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: language === 'da' ? 'Puljer' : 'Pools' })).toBeVisible();
  return page;
}

/** The Staff API as the same person, to compare what the screen shows with what the API returns. */
export async function apiAs(username: string) {
  return (await staffApi(username)).get;
}

/** The Staff API as a person: GET (throws unless 2xx) and POST (status and body, for decisions a spec sets up). */
export async function staffApi(username: string) {
  const login = await fetch(`${state.apiUrl}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: state.staff[username] }),
  });
  const { token } = (await login.json()) as { token: string };
  const headers = { Authorization: `Bearer ${token}` };
  return {
    get: async <T = any>(pathAndQuery: string): Promise<T> => {
      const res = await fetch(`${state.apiUrl}${pathAndQuery}`, { headers });
      if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    post: async <T = any>(pathAndQuery: string, body: unknown = {}): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${state.apiUrl}${pathAndQuery}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}

export interface MunicipalEvent {
  type: string;
  data: Record<string, unknown>;
  eventId?: string;
  occurredAt?: string;
}

/** Sends municipal events as the municipality's own system does (its API key); throws unless every one is accepted. */
export async function sendMunicipalEvents(code: string, events: MunicipalEvent[]): Promise<{ eventId: string; status: string }[]> {
  const res = await fetch(`${state.apiUrl}/api/v1/municipalities/${code}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${state.municipalKeys[code]}` },
    body: JSON.stringify({ events: events.map((e) => ({ eventId: e.eventId ?? randomUUID(), occurredAt: e.occurredAt ?? new Date().toISOString(), type: e.type, data: e.data })) }),
  });
  const body = (await res.json()) as { results?: { eventId: string; status: string }[] };
  if (res.status !== 200 || !body.results?.every((r) => r.status === 'accepted')) throw new Error(`events of ${code}: ${res.status} ${JSON.stringify(body)}`);
  return body.results;
}

/** A screenshot of the whole screen, for a reviewer (git-ignored folder). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/** axe's WCAG 2.1 A/AA rules: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  // @axe-core/playwright types its page with its own copy of playwright-core; the object is the same at run time.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** "12.500.000,00 kr." from øre, as the screens show money. */
export function kroner(ore: number): string {
  const abs = Math.abs(ore);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${ore < 0 ? '-' : ''}${whole},${String(abs % 100).padStart(2, '0')} kr.`;
}

/**
 * Tabs through the page from the top and returns the interactive elements of `scope` never focused: each must be
 * reachable by keyboard alone.
 */
export async function unreachableByKeyboard(page: Page, scope = 'body'): Promise<string[]> {
  const total = await page.evaluate((sel) => {
    const items = [...document.querySelectorAll(`${sel} a[href], ${sel} button, ${sel} input, ${sel} select, ${sel} textarea`)].filter(
      (el) => (el as HTMLElement).offsetParent !== null && !(el as HTMLButtonElement).disabled,
    );
    items.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return items.length;
  }, scope);
  const reached = new Set<string>();
  for (let i = 0; i < total * 2 + 10; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
    if (id !== null) reached.add(id);
    if (reached.size === total) break;
  }
  return page.evaluate(
    (seen) =>
      [...document.querySelectorAll('[data-kb]')]
        .filter((el) => !seen.includes(el.getAttribute('data-kb')!))
        .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim() || el.getAttribute('aria-label') || el.id}"`),
    [...reached],
  );
}
