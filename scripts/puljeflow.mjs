#!/usr/bin/env node
// The project's one entry point: `npm start` (whole system on embedded defaults), `npm test` (every test) and
// `npm run build` (what production runs, in dist/).
// Plain Node without dependencies, because it runs first on a fresh clone and installs everything else.
import { setup } from './lib/setup.mjs';

const [command = 'help', ...rest] = process.argv.slice(2);

async function main() {
  switch (command) {
    case 'setup':
      setup();
      return;
    case 'test': {
      setup();
      // Lint and type-check first: they take a minute, and a run that fails them is not worth the tests' quarter hour.
      // Extra arguments (a jest filter) skip them: that is a developer running one test.
      const counts = { passed: 0, failed: 0 };
      if (rest.length === 0) {
        const { runChecks } = await import('./lib/checks.mjs');
        Object.assign(counts, await runChecks());
        if (counts.failed > 0) {
          console.log(`${counts.passed} passed, ${counts.failed} failed`);
          process.exit(1);
        }
      }
      const { spawnSync } = await import('node:child_process');
      if (rest.length === 0) {
        // The browser suite (Playwright on Debian's chromium against the real system) before jest, so the run still
        // ends with jest's summary; its counts join the last line.
        const { runBrowserSuite } = await import('./lib/browser-suite.mjs');
        const browser = runBrowserSuite();
        counts.passed += browser.passed;
        counts.failed += browser.failed;
      }
      const env = { ...process.env, PULJEFLOW_PRIOR_PASSED: String(counts.passed), PULJEFLOW_PRIOR_FAILED: String(counts.failed) };
      const r = spawnSync(process.execPath, ['scripts/jest.mjs', ...rest], { stdio: 'inherit', env });
      process.exit(r.status ?? 1);
      return;
    }
    case 'build': {
      setup();
      const { build } = await import('./lib/build.mjs');
      await build();
      return;
    }
    case 'fuzz': {
      // Schemathesis over the served OpenAPI document, the full budget (docs/fuzzing.md); the test line runs the CI one.
      setup();
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync(process.execPath, ['scripts/jest.mjs', 'test/fuzz', ...rest], { stdio: 'inherit', env: { ...process.env, FUZZ_PROFILE: 'full' } });
      process.exit(r.status ?? 1);
      return;
    }
    case 'start': {
      setup();
      const { start } = await import('./lib/start.mjs');
      await start(rest);
      return;
    }
    default:
      console.log('usage: node scripts/puljeflow.mjs <start|test|build|setup|fuzz> [args]\n  npm start   the whole system on embedded defaults\n  npm test    every test\n  npm run build  what production runs, in dist/\n  npm run fuzz   Schemathesis over the API, at least 5,000 requests');
      process.exit(command === 'help' ? 0 : 2);
  }
}

main().catch((err) => {
  console.error(`puljeflow: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
