// Runs the browser suite (test/browser, @playwright/test) and reads its counts from the JSON reporter's file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const results = path.join(root, 'test-results', 'browser', 'results.json');

export function runBrowserSuite({ log = console.log } = {}) {
  log('Browser suite: Playwright on chromium against the real system (test/browser) …');
  fs.rmSync(results, { force: true });
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'playwright'), ['test', '--config', 'test/browser/playwright.config.mjs'], { cwd: root, stdio: 'inherit' });
  if (!fs.existsSync(results)) {
    log(`Browser suite: no results (playwright exited with ${r.status ?? r.signal}); counted as one failure.`);
    return { passed: 0, failed: 1 };
  }
  const { stats } = JSON.parse(fs.readFileSync(results, 'utf8'));
  // A flaky test passed only on a retry (retries are off, so none), a skipped one would be a rule break: both fail.
  const passed = stats.expected;
  const failed = stats.unexpected + stats.flaky + stats.skipped + (r.status === 0 || stats.unexpected > 0 ? 0 : 1);
  log(`Browser suite: ${passed} passed, ${failed} failed; screenshots in test-results/browser/screens`);
  return { passed, failed };
}
