import { describe, expect, it } from '@jest/globals';
import { copenhagenDay, formatClock, formatDate, formatInstant, formatInstantNumeric, parseInstant } from './time';

describe('Danish, Copenhagen time', () => {
  it('shows an instant in Copenhagen wall-clock time, winter and summer', () => {
    expect(formatInstant('2019-11-29T11:00:00Z')).toBe('29. nov. 2019, 12.00');
    expect(formatInstant('2020-06-01T10:30:00Z')).toBe('1. jun. 2020, 12.30');
  });

  it('shows a missing or broken instant as a dash', () => {
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('not a date')).toBe('—');
    expect(parseInstant('')).toBeNull();
  });

  it('keeps a date-only value on its day', () => {
    expect(formatDate('2020-12-31')).toBe('31. dec. 2020');
  });

  it('formats the clock and the numeric form that Danish Excel reads', () => {
    expect(formatClock(new Date('2019-11-29T13:03:27Z'))).toBe('14.03.27');
    expect(formatInstantNumeric('2019-11-29T23:30:00Z')).toBe('30.11.2019 00.30');
  });
});

describe('copenhagenDay', () => {
  it('is the Copenhagen calendar day of an instant, also just after midnight there', () => {
    expect(copenhagenDay(new Date('2026-12-03T23:30:00Z'))).toBe('2026-12-04');
    expect(copenhagenDay(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(copenhagenDay(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});
