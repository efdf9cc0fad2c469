import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { MunicipalityOverview, StaffUser } from '../lib/api';
import { MunicipalityTable } from './MunicipalityTable';

const rows: MunicipalityOverview[] = [
  {
    municipalityCode: '751',
    name: 'Aarhus',
    requestedOre: 200_000_000,
    allocatedOre: 200_000_000,
    committedOre: 0,
    commitmentStatus: 'prepared',
    preparedAmountOre: 150_000_000,
    preparedBy: 'bo',
  },
  {
    municipalityCode: '101',
    name: 'København',
    requestedOre: 1_050_000_000,
    allocatedOre: 1_050_000_000,
    committedOre: 0,
    commitmentStatus: 'none',
    preparedBy: null,
  },
  {
    municipalityCode: '147',
    name: 'Frederiksberg',
    requestedOre: 100_000_000,
    allocatedOre: null,
    committedOre: 0,
    commitmentStatus: 'none',
  },
];

const render = (user: StaffUser) =>
  renderToStaticMarkup(
    <MunicipalityTable rows={rows} user={user} pendingCode={null} onPrepare={() => {}} onApprove={() => {}} />,
  );

describe('MunicipalityTable', () => {
  it('shows amounts in kroner, sorted by code, with a total', () => {
    const html = render({ username: 'aud', displayName: 'Audit', roles: ['auditor'] });
    expect(html.indexOf('København')).toBeLessThan(html.indexOf('Aarhus'));
    expect(html).toContain('10.500.000,00 kr.');
    expect(html).toContain('12.500.000,00 kr.');
    expect(html).toContain('13.500.000,00 kr.');
    expect(html).toContain('1.500.000,00 kr. </span>by bo');
    expect(html).toContain('<th scope="col">Code</th>');
    expect(html).not.toContain('<button');
  });

  it('gives a caseworker "Prepare commitment" on each allocated row, and none before the allocation', () => {
    const html = render({ username: 'karin', displayName: 'Karin', roles: ['caseworker'] });
    expect(html.match(/Prepare commitment/g)).toHaveLength(2);
    expect(html).not.toContain('Issue commitment');
  });

  it('disables "Issue commitment" with the four-eyes reason for the preparer', () => {
    const html = render({ username: 'bo', displayName: 'Bo', roles: ['approver'] });
    expect(html).toContain('aria-disabled="true"');
    expect(html).toContain('role="tooltip"');
    expect(html).toContain('You prepared this — a second person must approve');
  });

  it('lets another approver issue it', () => {
    const html = render({ username: 'anders', displayName: 'Anders', roles: ['approver'] });
    expect(html).toContain('Issue commitment');
    expect(html).not.toContain('aria-disabled');
  });
});
