// The web back office (apps/web). Run from the workspace root: `npx vite --config apps/web/vite.config.mts`.
// Settings come from the environment: WEB_PORT (default 5173) and PULJEFLOW_API_URL (default http://127.0.0.1:3000),
// to which /api is proxied by both the dev server and `vite preview`.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// Det Fælles Designsystem's stylesheet: the package exports only its script, so the file is named by path.
const dkfdsCss = fileURLToPath(new URL('../../node_modules/dkfds/dist/css/dkfds.min.css', import.meta.url));
// csv-stringify's browser build (its Node build needs Buffer); jest keeps the Node one.
const csvStringifyBrowser = fileURLToPath(new URL('../../node_modules/csv-stringify/dist/esm/sync.js', import.meta.url));

function webPort(): number {
  const raw = process.env.WEB_PORT ?? '5173';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`WEB_PORT must be a TCP port, got "${raw}"`);
  return port;
}

function apiUrl(): string {
  const raw = process.env.PULJEFLOW_API_URL ?? 'http://127.0.0.1:3000';
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`PULJEFLOW_API_URL must be a URL, got "${raw}"`);
  }
}

const port = webPort();
const proxy = { '/api': { target: apiUrl(), changeOrigin: true } };

// Security headers of the web app's responses (docs/security.md "Headers"). The built app loads only its own
// files: scripts, styles, the design system's fonts and icons (or small ones inlined as data: URLs), and /api.
const policy = (extra: { script?: string; style?: string; connect?: string } = {}) =>
  [
    "default-src 'self'",
    `script-src 'self'${extra.script ?? ''}`,
    `style-src 'self'${extra.style ?? ''}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${extra.connect ?? ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
const headers = (csp: string) => ({
  'Content-Security-Policy': csp,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
});
// The dev server adds React's refresh preamble as its one inline script (allowed by its hash), injects CSS as
// <style> elements and talks to its HMR socket.
const preambleHash = createHash('sha256').update(react.preambleCode.replace('__BASE__', '/')).digest('base64');
const devPolicy = policy({ script: ` 'sha256-${preambleHash}'`, style: " 'unsafe-inline'", connect: ` ws://127.0.0.1:${port}` });

export default defineConfig({
  root,
  // Keep vite's dependency cache with the app (apps/web/node_modules/.vite, git-ignored), not in the shared root.
  cacheDir: 'node_modules/.vite',
  plugins: [react()],
  resolve: { alias: { 'dkfds/css': dkfdsCss, 'csv-stringify/sync': csvStringifyBrowser } },
  server: { host: '127.0.0.1', port, strictPort: true, proxy, headers: headers(devPolicy) },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy, headers: headers(policy()) },
  build: { outDir: 'dist', emptyOutDir: true },
});
