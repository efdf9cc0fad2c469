// The browser the browser tests drive: Debian's `chromium` package, installed here when it is missing (as root, with
// apt-get — Debian's package archive is the only place it comes from), or the one CHROMIUM_PATH names. Playwright's own
// browser download is never used.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Where Debian's chromium package puts its launcher. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The browser to drive: CHROMIUM_PATH when set (it must exist), else Debian's chromium if installed, else null. */
export function chromiumPath(env = process.env) {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, but nothing is there`);
    return configured;
  }
  return fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}

function aptGet(args, log) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw new Error(`apt-get could not start: ${r.error.message}`);
  if (r.status !== 0) log(`'apt-get ${args.join(' ')}' exited with ${r.status}`);
  return r.status === 0;
}

/** Returns the browser's path, installing Debian's chromium first where it is missing and this process is root. */
export function ensureChromium(log = console.log, env = process.env) {
  const found = chromiumPath(env);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      "The browser tests need Chromium: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  log("Installing Debian's chromium package for the browser tests (apt-get install -y chromium; set CHROMIUM_PATH to use another browser) …");
  if (!aptGet(['install', '-y', '-qq', 'chromium'], log)) {
    // A fresh machine has no package lists yet.
    aptGet(['update', '-qq'], log);
    if (!aptGet(['install', '-y', '-qq', 'chromium'], log)) throw new Error('apt-get could not install chromium');
  }
  const installed = chromiumPath(env);
  if (!installed) throw new Error(`chromium was installed but ${DEBIAN_CHROMIUM} is missing`);
  return installed;
}
