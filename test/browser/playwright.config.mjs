// The browser suite: Playwright driving Debian's Chromium (or CHROMIUM_PATH's browser; never Playwright's own
// download) against the real api, worker, PostgreSQL and Temporal that global-setup.mjs starts. Counts go to
// test-results/browser/results.json; screenshots of every screen to test-results/browser/screens (git-ignored).
import { defineConfig } from '@playwright/test';
import { ensureChromium } from '../../scripts/lib/browser.mjs';

const executablePath = ensureChromium();

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.browser\.ts$/,
  globalSetup: './global-setup.mjs',
  outputDir: '../../test-results/browser/artifacts',
  // One worker: the specs walk one pool's life in order, and the machine has two cores for the whole system.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/browser/results.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=da-DK'] },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    viewport: { width: 1360, height: 900 },
    trace: 'retain-on-failure',
  },
});
