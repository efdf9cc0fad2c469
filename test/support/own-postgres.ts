import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';
import { repoRoot } from './tools';

/**
 * A PostgreSQL server owned by one test, which may stop it and start it again on the same data and port
 * (the shared server of the jest run must never be stopped: other test files use it).
 */
export class OwnPostgres {
  private child: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
    public adminUrl = '',
  ) {}

  static async start(): Promise<OwnPostgres> {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-own-pg-'));
    fs.chmodSync(base, 0o777);
    const pg = new OwnPostgres(path.join(base, 'data'), await freePort());
    await pg.up();
    return pg;
  }

  async up(): Promise<void> {
    const child = spawn(process.execPath, [path.join(repoRoot, 'test/support/pg-server.mjs'), this.dir, String(this.port)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.adminUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /READY (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => reject(new Error(`pg-server exited with ${code}: ${out}`)));
    });
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  async createDatabase(name: string): Promise<string> {
    const c = new Client({ connectionString: this.adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async stop(): Promise<void> {
    await this.down();
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
