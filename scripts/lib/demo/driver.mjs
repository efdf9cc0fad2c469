// The demo driver: plays the municipalities and the demo staff of the demo pool through the real APIs, on the pool's
// compressed calendar (docs/demo.md). Municipal events go through the municipal API with the demo keys; each staff step
// waits PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS so that a person can take it first in the web UI, then demo staff take it
// through the staff API (PULJEFLOW_DEMO_STAFF=person leaves them all to the person). Every step is idempotent: a
// second start resumes where the demo is (municipal events carry fixed event ids; a staff step already taken is left).
// Input (environment): PULJEFLOW_API_URL, PULJEFLOW_DEMO (the seed's demo summary as JSON), PULJEFLOW_DEMO_STAFF,
// PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS.
import { createHash } from 'node:crypto';
import { plan } from './plan.mjs';

const api = process.env.PULJEFLOW_API_URL;
const demo = JSON.parse(process.env.PULJEFLOW_DEMO ?? '{}');
const staffMode = process.env.PULJEFLOW_DEMO_STAFF ?? 'auto';
const pauseMs = Number(process.env.PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS ?? '30') * 1000;
const POOL = 'demo';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => console.log(line);

const keyOf = (code) => `pfk_${code}_demo-key-not-for-production`;
/** A fixed event id per demo submission, so a resumed demo sends nothing twice. */
const eventId = (label) => {
  const h = createHash('sha256').update(`demo:${demo.calendar.interestDeadline}:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

async function call(method, path, { body, token } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      if (attempt >= 5) throw err;
      await sleep(2_000);
    }
  }
}

const tokens = new Map();
async function tokenOf(username) {
  if (!tokens.has(username)) {
    const res = await call('POST', '/api/v1/staff/session', { body: { username, password: `demo-${username}` } });
    if (res.status !== 200) throw new Error(`demo staff ${username} cannot sign in (HTTP ${res.status})`);
    tokens.set(username, res.body.token);
  }
  return tokens.get(username);
}
const staffGet = async (path) => (await call('GET', `/api/v1/staff/pools/${POOL}${path}`, { token: await tokenOf('aud') })).body;
const ledger = (code) => staffGet(`/ledgers/${code}`);

async function waitUntil(iso, what) {
  const ms = Date.parse(iso) - Date.now();
  if (ms > 0) {
    log(`waiting ${Math.ceil(ms / 1000)} s for ${what} (${iso})`);
    await sleep(ms);
  }
}

async function poll(what, check, timeoutMs = 10 * 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await sleep(1_000);
  }
}

/** A staff step: left to a person for the pause (and for good with PULJEFLOW_DEMO_STAFF=person), then taken by demo staff. */
async function staffStep(title, as, isDone, steps) {
  if (await isDone()) return;
  const who = as.join(' then ');
  if (staffMode === 'person') {
    log(`STAFF STEP for you in the web UI: ${title} (as ${who}); the demo waits for it`);
    await poll(title, isDone, 24 * 3600_000);
    return;
  }
  log(`STAFF STEP: ${title} — yours in the web UI (as ${who}) for ${pauseMs / 1000} s, then demo staff take it`);
  const until = Date.now() + pauseMs;
  while (Date.now() < until) {
    if (await isDone()) return log(`  done by a person: ${title}`);
    await sleep(1_000);
  }
  for (const [username, method, path, body] of steps()) {
    if (await isDone()) break;
    const res = await call(method, `/api/v1/staff/pools/${POOL}${path}`, { body, token: await tokenOf(username) });
    const reasons = res.body?.reasons?.map((r) => r.code).join(', ') ?? res.body?.title ?? '';
    log(`  ${username}: ${method} ${path} → ${res.status}${res.status >= 300 ? ` ${reasons}` : ''}`);
  }
  await poll(title, isDone, 60_000);
}

async function send(code, events) {
  const res = await call('POST', `/api/v1/municipalities/${code}/events`, { body: { events }, token: keyOf(code) });
  if (res.status !== 200) throw new Error(`municipality ${code}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  res.body.results.forEach((r, i) => {
    const what = `${events[i].type}${events[i].data.courseId ? ` ${events[i].data.courseId}` : ''}${events[i].data.claimId ? ` ${events[i].data.claimId}` : ''}`;
    log(`  ${code} ${what}: ${r.status}${r.reasons ? ` — ${r.reasons.map((x) => `${x.code}: ${x.message}`).join('; ')}` : ''}`);
  });
  return res.body.results;
}

async function main() {
  const p = plan(demo, eventId);
  log(`demo driver: pool '${POOL}', one demo minute = ${demo.minuteMs / 1000} s, staff steps: ${staffMode === 'person' ? 'yours' : `yours for ${pauseMs / 1000} s, then demo staff`}`);

  await waitUntil(demo.calendar.interestDeadline, 'the interest deadline (the workflow allocates the pool pro rata)');
  const overview = await poll('the allocation', async () => {
    const o = await staffGet('/overview');
    return o?.municipalities?.every((m) => m.allocatedOre !== null) ? o : undefined;
  });
  for (const m of overview.municipalities) log(`  allocated ${m.municipalityCode} ${m.name}: ${(m.allocatedOre / 100).toFixed(2)} kr. of ${(m.requestedOre / 100).toFixed(2)} kr. asked`);

  for (const m of overview.municipalities) {
    const issued = async () => (await staffGet('/overview')).municipalities.find((x) => x.municipalityCode === m.municipalityCode)?.commitmentStatus === 'issued';
    await staffStep(`commitment (tilsagn) for ${m.municipalityCode} ${m.name}: prepare, then approve`, ['karen', 'anders'], issued, () => [
      ['karen', 'POST', `/commitments/${m.municipalityCode}/prepare`, {}],
      ['anders', 'POST', `/commitments/${m.municipalityCode}/approve`, undefined],
    ]);
  }

  for (const round of p.rounds) {
    log(`municipalities report: ${round.title}`);
    for (const [code, events] of round.events) await send(code, events);
    for (const claim of round.claims) {
      const done = async () => (await ledger(claim.code)).claims?.find((c) => c.claimId === claim.claimId)?.status === 'approved';
      await staffStep(`claim ${claim.claimId} of ${claim.code}: review${claim.cuts.length ? ' (cut one expense)' : ''}, then approve`, ['karen', 'anders'], done, () => [
        ['karen', 'POST', `/ledgers/${claim.code}/claims/${claim.claimId}/review`, { cuts: claim.cuts }],
        ['anders', 'POST', `/ledgers/${claim.code}/claims/${claim.claimId}/approve`, undefined],
      ]);
    }
    if (round.runDate) {
      const run = () => staffGet(`/payout-runs/${round.runDate}`);
      await staffStep(`payout run ${round.runDate}: prepare, then release`, ['frida', 'finn'], async () => ['released', 'completed'].includes((await run()).status), () => [
        ['frida', 'POST', `/payout-runs/${round.runDate}/prepare`, undefined],
        ['finn', 'POST', `/payout-runs/${round.runDate}/release`, undefined],
      ]);
      const paid = await poll(`payout run ${round.runDate} paid`, async () => ((await run()).status === 'completed' ? run() : undefined));
      log(`  payout run ${round.runDate} paid: ${paid.lines?.length ?? 0} line(s), ${((paid.totalOre ?? 0) / 100).toFixed(2)} kr. (pain.001 file written by the worker)`);
    }
  }

  for (const code of p.settledCodes) {
    const l = await ledger(code);
    for (const s of l.settlements ?? []) log(`  settlement ${code} ${s.budgetYear}: approved ${s.approvedRefundOre / 100} kr., paid ${s.paidOre / 100} kr., repayment ${s.repaymentOre / 100} kr.`);
    if (l.lapse) log(`  lapse ${code}: ${JSON.stringify(l.lapse)}`);
  }

  await waitUntil(demo.calendar.finalClaimDeadlines[String(p.previousYear)], `the final claim deadline of ${p.previousYear}`);
  log(`municipalities report: a final claim for ${p.previousYear} after its deadline`);
  for (const [code, events] of p.late) await send(code, events);

  await waitUntil(demo.calendar.closesAt, 'the pool closes (what is left of every commitment lapses)');
  await poll('the close', async () => (await ledger(p.closedCode)).status === 'closed');
  log('the demo pool has closed: every stage is done. Its figures stay readable in the web UI.');
}

main().catch((err) => {
  console.error(`demo driver: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
