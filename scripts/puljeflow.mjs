#!/usr/bin/env node
// The project's one entry point: `npm start` (whole system on embedded defaults) and `npm test` (every test).
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
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync(process.execPath, ['scripts/jest.mjs', ...rest], { stdio: 'inherit' });
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
      console.log('usage: node scripts/puljeflow.mjs <start|test|setup> [args]\n  npm start   the whole system on embedded defaults\n  npm test    every test');
      process.exit(command === 'help' ? 0 : 2);
  }
}

main().catch((err) => {
  console.error(`puljeflow: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
