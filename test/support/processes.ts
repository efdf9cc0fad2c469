import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { repoRoot } from './tools';

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a TypeScript entry point of ours as a real OS process (as the start line does). */
export function startTsProcess(name: string, entry: string, env: Record<string, string>): RunningProcess {
  return startNodeProcess(name, ['-r', '@swc-node/register', entry], env);
}

/** Runs plain `node <args>` as a real OS process in `cwd` (e.g. an entry point of the production build). */
export function startNodeProcess(name: string, args: string[], env: Record<string, string>, cwd = repoRoot): RunningProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up; the last error explains a timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function waitForHttp(url: string, processes: RunningProcess[] = [], timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      for (const p of processes) {
        if (p.child.exitCode !== null) throw new Error(`${p.name} exited early:\n${p.output()}`);
      }
      const res = await fetch(url).catch(() => null);
      return res && res.status === 200 ? true : undefined;
    },
    { timeoutMs, what: url },
  );
}
