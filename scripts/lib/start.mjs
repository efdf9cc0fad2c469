// `npm start`: the whole system on one machine (see `start --help` and supervisor.mjs, which does the work).
// This process stays in the terminal's foreground and runs the supervisor in a process group of its own: a Ctrl-C
// then reaches only us (not the embedded PostgreSQL, which would otherwise shut down before the apps that use it),
// and we pass it on once. We exit with the supervisor's exit code: 0 after a stop, 1 if something failed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { VARIABLES } from './config.mjs';

/** `--fresh`: start the demo over (the embedded data folder's database, Temporal history and payment files are dropped).
 * `--from-build`: run api, worker and CLI from `npm run build`'s dist/ with plain node, the web UI from its static files. */
const FLAGS = ['--fresh', '--from-build'];

const supervisor = path.join(path.dirname(new URL(import.meta.url).pathname), 'supervisor.mjs');

export async function start(args = []) {
  if (args.includes('--help') || args.includes('-h')) return printHelp();
  const unknown = args.filter((a) => !FLAGS.includes(a));
  if (unknown.length) {
    console.error(`puljeflow: start takes only ${FLAGS.join(', ')} (got '${unknown.join(' ')}'); it reads environment variables, see: node scripts/puljeflow.mjs start --help`);
    process.exit(2);
  }
  // The IPC channel tells the supervisor when we are gone, even if we are killed without a chance to say so.
  const child = spawn(process.execPath, [supervisor, ...args], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      try {
        child.kill(signal);
      } catch {
        // already gone: its exit ends us
      }
    });
  }
  await new Promise((resolve) => {
    child.once('error', (err) => {
      console.error(`puljeflow: could not start ${supervisor}: ${err.message}`);
      process.exit(1);
    });
    child.once('exit', (code, signal) => {
      if (code === null) console.error(`puljeflow: the supervisor was killed (${signal}); check for processes it left behind`);
      process.exit(code ?? 1);
      resolve();
    });
  });
}

function printHelp() {
  const lines = [
    'usage: npm start   (node scripts/puljeflow.mjs start)',
    '',
    'Starts PostgreSQL, Temporal, the api, the worker and the web UI on this machine, migrates and loads the demo',
    'data, and prints every URL and the demo credentials. Ctrl-C stops everything. A second start resumes on the',
    'same data; `npm start -- --fresh` drops the embedded data (PostgreSQL, Temporal history, pain.001 files, vault',
    'keys of <data dir>) and starts the demo over. See docs/demo.md. It runs the TypeScript through swc (developer',
    'mode); after `npm run build`, `npm start -- --from-build` runs the build in dist/ with plain node instead',
    '(infra/README.md). Settings (environment):',
    '',
    `  ${'variable'.padEnd(36)}${'default'.padEnd(14)}meaning`,
    ...VARIABLES.map(([name, fallback, what]) => `  ${name.padEnd(36)}${fallback.padEnd(14)}${what}`),
  ];
  for (const line of lines) console.log(line);
}
