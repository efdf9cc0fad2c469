/** Demo accounts, keys and interest for the start line. Never used outside a local demo. */

export const demoMunicipalities = [
  { code: '101', name: 'København' },
  { code: '147', name: 'Frederiksberg' },
  { code: '151', name: 'Ballerup' },
  { code: '400', name: 'Bornholm' },
  { code: '461', name: 'Odense' },
  { code: '561', name: 'Esbjerg' },
  { code: '630', name: 'Vejle' },
  { code: '751', name: 'Aarhus' },
  { code: '791', name: 'Viborg' },
  { code: '851', name: 'Aalborg' },
];

export const demoStaff = [
  { username: 'karen', displayName: 'Karen Caseworker', password: 'demo-karen', roles: ['caseworker'] },
  { username: 'anders', displayName: 'Anders Approver', password: 'demo-anders', roles: ['approver'] },
  { username: 'birgit', displayName: 'Birgit Caseworker-Approver', password: 'demo-birgit', roles: ['caseworker', 'approver'] },
  { username: 'frida', displayName: 'Frida Finance', password: 'demo-frida', roles: ['finance'] },
  // A second finance officer: a payout run prepared by one is released by another (four-eyes).
  { username: 'finn', displayName: 'Finn Finance', password: 'demo-finn', roles: ['finance'] },
  { username: 'aud', displayName: 'Audun Auditor', password: 'demo-aud', roles: ['auditor'] },
  { username: 'admin', displayName: 'Ada Admin', password: 'demo-admin', roles: ['admin'] },
];

/** Fixed demo keys, so the printed keys stay the same from one start to the next. */
export const demoApiKey = (code: string) => `pfk_${code}_demo-key-not-for-production`;

/** Interest from a handful of municipalities; more than the pool in total, so the pro-rata rule shows. */
export const demoInterest = [
  { code: '101', requestedAmountOre: 500_000_000, expectedParticipants: 120 },
  { code: '751', requestedAmountOre: 400_000_000, expectedParticipants: 90 },
  { code: '461', requestedAmountOre: 250_000_000, expectedParticipants: 60 },
  { code: '851', requestedAmountOre: 200_000_000, expectedParticipants: 45 },
  { code: '400', requestedAmountOre: 30_000_000, expectedParticipants: 8 },
];
