export default async function globalTeardown() {
  if (globalThis.__puljeflowPg) await globalThis.__puljeflowPg.stop();
}
