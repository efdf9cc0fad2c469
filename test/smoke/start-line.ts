// Helpers for the smoke test of `npm start`: free ports, the start line as a child process, and what it leaves behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@puljeflow/test-support';

/** `count` distinct free loopback ports (held open together while chosen, so none repeats). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(3_000, () => socket.destroy());
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Status and body of a GET (or a JSON POST), without keeping the connection alive. */
export function request(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: payload ? 'POST' : 'GET',
        agent: false,
        timeout: 10_000,
        headers: payload ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 10s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface StartLine {
  pid: number;
  output(): string;
  /** Resolves when a line containing `text` was printed; rejects (with the output) on exit or timeout. */
  waitFor(text: string, timeoutMs: number): Promise<void>;
  /** Resolves with the exit code; rejects (with the output) on timeout. */
  exitCode(timeoutMs: number): Promise<number | null>;
  /** Last resort for a failed test: SIGKILL to the start line's process group. */
  kill(): void;
}

/** `node scripts/puljeflow.mjs start [args]`, in a process group of its own (as a shell's foreground job is). */
export function startLine(env: NodeJS.ProcessEnv, args: string[] = []): StartLine {
  const child = spawn(process.execPath, ['scripts/puljeflow.mjs', 'start', ...args], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let exit: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve((exit = code ?? (signal ? -1 : null)))));
  const tail = () => `\n--- output of the start line (last 80 lines) ---\n${out.split('\n').slice(-80).join('\n')}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  return {
    pid: child.pid as number,
    output: () => out,
    async waitFor(text, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (exit !== undefined) throw new Error(`the start line exited (${exit}) before printing '${text}'${tail()}`);
        if (Date.now() > until) throw new Error(`no '${text}' within ${timeoutMs / 1000}s${tail()}`);
        await sleep(250);
      }
    },
    async exitCode(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the start line did not exit within ${timeoutMs / 1000}s${tail()}`)), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Processes (other than this one) whose command line mentions `needle` or one of `ports` as an argument, or whose
 * environment holds `needle` (api, worker and web inherit PULJEFLOW_DATA_DIR): what a clean stop must not leave.
 */
export function processesMentioning(needle: string, ports: number[]): { pid: number; cmdline: string }[] {
  const portText = ports.map(String);
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let args: string[];
    let environ: string;
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const mentionsPort = args.some((a) => portText.some((p) => a === p || a.endsWith(`:${p}`) || a.endsWith(`=${p}`)));
    if (mentionsPort || args.some((a) => a.includes(needle)) || environ.includes(needle)) {
      found.push({ pid: Number(entry), cmdline: args.join(' ') });
    }
  }
  return found;
}

/** SIGKILL for whatever a failed test left behind, so one failure does not poison the next run. */
export function killAll(processes: { pid: number }[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export const PORT_NAMES = ['PG_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'API_PORT', 'WEB_PORT', 'WORKER_HEALTH_PORT'] as const;
export type PortName = (typeof PORT_NAMES)[number];

/** A fresh data folder, a free port for every part, and the environment of a shell that sets them (and nothing of
 * jest's: the embedded defaults are what is under test). */
export async function smokeEnvironment(prefix: string): Promise<{ dataDir: string; env: NodeJS.ProcessEnv; ports: Record<PortName, number> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const free = await freePorts(PORT_NAMES.length);
  const ports = Object.fromEntries(PORT_NAMES.map((name, i) => [name, free[i]!])) as Record<PortName, number>;
  const env: NodeJS.ProcessEnv = { ...process.env, PULJEFLOW_DATA_DIR: dataDir };
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'NODE_ENV', 'JEST_WORKER_ID', 'PULJEFLOW_PG_ADMIN_URL']) delete env[name];
  return { dataDir, env, ports };
}
