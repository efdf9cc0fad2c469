import { describe, expect, it } from '@jest/globals';
import { commitmentStatusLabel, poolStatusLabel } from './status';

describe('status labels', () => {
  it('names commitment states, with the Danish word for an issued tilsagn', () => {
    expect(commitmentStatusLabel('none').label).toBe('Not prepared');
    expect(commitmentStatusLabel('prepared')).toMatchObject({ label: 'Prepared, awaiting approval', tone: 'warning' });
    expect(commitmentStatusLabel('issued')).toMatchObject({ label: 'Issued', danish: 'tilsagn givet', tone: 'success' });
  });

  it('names the pool states staff know', () => {
    expect(poolStatusLabel('open')).toMatchObject({ label: 'Open for interest', danish: 'udmeldt' });
    expect(poolStatusLabel('allocated').label).toBe('Allocated');
  });

  it('still reads a status it does not know', () => {
    expect(poolStatusLabel('final_settlement')).toEqual({ label: 'Final settlement', tone: 'neutral' });
    expect(poolStatusLabel('awaitingFinalClaim').label).toBe('Awaiting final claim');
    expect(commitmentStatusLabel('reduced').label).toBe('Reduced');
  });
});
