import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort, waitForHttp } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';

jest.setTimeout(300_000);

const repoRoot = path.resolve(__dirname, '../..');
const viteBin = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
/** Debian's chromium, or CHROMIUM_PATH's browser (as the browser suite drives). */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const everyRole = ['caseworker', 'approver', 'finance', 'auditor', 'admin'];

/**
 * The built web app, served as staff get it (vite preview, /api proxied to a real api): every response carries the
 * security headers of docs/security.md, and signing in and opening every screen in the navigation breaks no rule of
 * its content security policy.
 */
describe('the web app under its content security policy', () => {
  let sys: TestSystem;
  let preview: ChildProcess;
  let browser: Browser;
  let webUrl: string;
  let outDir: string;

  beforeAll(async () => {
    sys = await TestSystem.start({ municipalities: ['101'], staff: [{ username: 'eva', password: 'evas passphrase', roles: everyRole }] });
    const token = await sys.signIn('eva', 'evas passphrase');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: token, body: await sys.presentDayPool('csp-pool', 10_000_000) })).status).toBe(201);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-csp-web-'));
    const built = spawnSync(process.execPath, [viteBin, 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], { cwd: repoRoot, stdio: 'inherit' });
    expect(built.status).toBe(0);
    const port = await freePort();
    preview = spawn(process.execPath, [viteBin, 'preview', '--config', 'apps/web/vite.config.mts', '--outDir', outDir], { cwd: repoRoot, env: { ...process.env, WEB_PORT: String(port), PULJEFLOW_API_URL: sys.baseUrl() }, stdio: 'ignore' });
    webUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${webUrl}/`, []);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    preview?.kill('SIGTERM');
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    await sys?.stop();
  });

  it('signs in and opens every screen of the navigation with no violation, every response with the headers', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    const violations: string[] = [];
    const responses: { url: string; status: number; headers: Record<string, string> }[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));

    await page.goto(`${webUrl}/puljer`);
    await page.getByLabel('Brugernavn').fill('eva');
    await page.getByLabel('Adgangskode').fill('evas passphrase');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { level: 1, name: 'Puljer' }).waitFor();
    const links = await page.getByRole('navigation').getByRole('link').evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).pathname))]);
    expect(links.length).toBeGreaterThan(3);
    for (const link of [...links, '/puljer/csp-pool']) {
      await page.goto(`${webUrl}${link}`);
      await page.waitForLoadState('networkidle');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    expect(violations).toEqual([]);

    // As served (a file revalidated from the browser's cache shows the cached copy's headers, not the server's).
    const own = responses.filter((r) => r.url.startsWith(webUrl) && r.status !== 304);
    const kinds = (re: RegExp) => own.filter((r) => re.test(new URL(r.url).pathname));
    for (const [kind, re] of [['page', /^\/puljer/], ['script', /\.js$/], ['style', /\.css$/], ['font', /\.woff2?$/], ['api', /^\/api\//]] as const) {
      expect([kind, kinds(re).length > 0]).toEqual([kind, true]);
      for (const r of kinds(re)) {
        expect([r.url, r.headers['x-content-type-options']]).toEqual([r.url, 'nosniff']);
        expect([r.url, r.headers['content-security-policy']]).toEqual([r.url, expect.stringMatching(/^default-src '(self|none)'/)]);
      }
    }
    const policy = kinds(/^\/puljer/)[0]!.headers['content-security-policy']!;
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
  });
});
