// Starts the real system (system-server.ts, in its own process) before the browser suite and stops it after. The
// specs find it through the JSON file named by PULJEFLOW_BROWSER_STATE.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export default async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-browser-'));
  const stateFile = path.join(dir, 'state.json');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/browser/system-server.ts', stateFile], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = Date.now();
  while (!fs.existsSync(stateFile)) {
    if (child.exitCode !== null) throw new Error(`the system server exited with ${child.exitCode} before it was ready`);
    if (Date.now() - started > 240_000) {
      child.kill('SIGKILL');
      throw new Error('the system server was not ready within 240 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.env.PULJEFLOW_BROWSER_STATE = stateFile;
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
