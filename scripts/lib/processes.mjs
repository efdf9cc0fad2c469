// Child processes of the start line: each in its own process group (so one signal reaches everything it spawned),
// output prefixed with its name, stopped with SIGTERM and, after a grace period, SIGKILL.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes one prefixed line; a closed stdout (e.g. piped into `head`) must not take the start line down. */
export function say(prefix, line, stream = process.stdout) {
  try {
    stream.write(prefix ? `${prefix} ${line}\n` : `${line}\n`);
  } catch {
    // nothing sensible to do
  }
}
for (const s of [process.stdout, process.stderr]) s.on('error', () => {});

export class Child {
  /**
   * @param {string} name  shown as `[name]` before every line
   * @param {string} command
   * @param {string[]} args
   * @param {{ cwd: string, env: NodeJS.ProcessEnv, onLine?: (line: string, stream: 'stdout' | 'stderr') => boolean | void }} opts
   *   onLine may return false to keep a line off the terminal.
   */
  constructor(name, command, args, { cwd, env, onLine }) {
    this.name = name;
    this.quiet = false;
    this.proc = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.exited = new Promise((resolve) => {
      this.proc.once('error', (err) => resolve({ code: null, signal: null, error: err }));
      this.proc.once('exit', (code, signal) => resolve({ code, signal }));
    });
    // 'close' comes after the output pipes are drained (exit may come before the last lines are read).
    this.closed = new Promise((resolve) => this.proc.once('close', resolve));
    this.result = undefined;
    this.exited.then((r) => (this.result = r));
    for (const [key, stream] of [['stdout', this.proc.stdout], ['stderr', this.proc.stderr]]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (onLine?.(line, key) === false || this.quiet) return;
        say(`[${name}]`, line, key === 'stderr' ? process.stderr : process.stdout);
      });
    }
  }

  get running() {
    return this.result === undefined;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; also ends what the leader left behind in its group. */
  async stop(graceMs = 10_000) {
    if (this.pid === undefined) return;
    if (this.running) {
      signalGroup(this.pid, 'SIGTERM');
      const done = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        say('puljeflow:', `${this.name} did not stop within ${graceMs / 1000}s; killing it`, process.stderr);
        signalGroup(this.pid, 'SIGKILL');
        await Promise.race([this.exited, sleep(5_000)]);
      }
    }
    await endGroup(this.pid);
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // the group is empty
  }
}

/** Processes that outlived their group's leader (e.g. a bundler's helper) get SIGTERM, then SIGKILL. */
async function endGroup(pgid) {
  if (!signalGroup(pgid, 0)) return;
  signalGroup(pgid, 'SIGTERM');
  for (let i = 0; i < 20 && signalGroup(pgid, 0); i++) await sleep(100);
  // Zombies still answer signal 0; SIGKILL is harmless to them, so don't wait on them forever.
  signalGroup(pgid, 'SIGKILL');
}

/**
 * Runs a command to completion with prefixed output; resolves with its stdout lines, rejects (message only) on
 * a non-zero exit. `hideLast` keeps the last stdout line (a machine-readable summary) off the terminal.
 */
export async function runToEnd(name, command, args, { cwd, env, register, timeoutMs, hideLast = false }) {
  const lines = [];
  let pending;
  const child = new Child(name, command, args, {
    cwd,
    env,
    onLine: (line, stream) => {
      if (stream !== 'stdout' || !hideLast) return undefined;
      // Print each stdout line only once the next arrives, so the last one can stay hidden.
      if (pending !== undefined) say(`[${name}]`, pending);
      pending = line;
      lines.push(line);
      return false;
    },
  });
  register?.(child);
  const timer = setTimeout(() => {
    say('puljeflow:', `${name} is still running after ${timeoutMs / 1000}s; stopping it`, process.stderr);
    child.stop(2_000);
  }, timeoutMs);
  const r = await child.exited;
  clearTimeout(timer);
  await Promise.race([child.closed, sleep(2_000)]);
  await child.stop(0);
  if (r.error) throw new Error(`${name} could not start: ${r.error.message}`);
  if (r.code !== 0) {
    if (pending !== undefined) say(`[${name}]`, pending);
    throw new Error(`${name} failed (${r.signal ? `signal ${r.signal}` : `exit code ${r.code}`}); its output is above`);
  }
  return lines;
}
