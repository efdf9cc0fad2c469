import { describe, expect, it } from '@jest/globals';
import { countdown, formatClock, formatDate, formatInstant, interestDeadlineState } from './time';

const at = (iso: string) => new Date(iso).getTime();

describe('formatInstant (Europe/Copenhagen)', () => {
  it('shows the interest deadline of mangelpulje-2019 at noon winter time', () => {
    expect(formatInstant('2019-11-29T11:00:00Z')).toBe('29 Nov 2019, 12:00 CET');
  });

  it('uses summer time in summer', () => {
    expect(formatInstant('2020-06-30T21:59:59Z')).toBe('30 Jun 2020, 23:59:59 CEST');
  });

  it('crosses midnight into the Copenhagen day, not the UTC one', () => {
    expect(formatInstant('2020-12-31T23:30:00Z')).toBe('1 Jan 2021, 00:30 CET');
  });

  it('names the zone on both sides of the autumn change', () => {
    expect(formatInstant('2020-10-25T00:30:00Z')).toBe('25 Oct 2020, 02:30 CEST');
    expect(formatInstant('2020-10-25T01:30:00Z')).toBe('25 Oct 2020, 02:30 CET');
  });

  it('accepts offsets and shows a dash for nothing', () => {
    expect(formatInstant('2019-11-29T12:00:00+01:00')).toBe('29 Nov 2019, 12:00 CET');
    expect(formatInstant(undefined)).toBe('—');
    expect(formatInstant('not a date')).toBe('—');
  });
});

describe('formatDate and formatClock', () => {
  it('keeps a date a date', () => {
    expect(formatDate('2020-12-31')).toBe('31 Dec 2020');
  });

  it('reads the clock in Copenhagen', () => {
    expect(formatClock(new Date('2019-11-29T10:59:07Z'))).toBe('11:59:07');
  });
});

describe('countdown', () => {
  const deadline = at('2019-11-29T11:00:00Z');

  it('counts days, hours, minutes and seconds', () => {
    expect(countdown(deadline, at('2019-11-27T07:56:55Z')).text).toBe('2 d 03:03:05');
    expect(countdown(deadline, at('2019-11-29T10:55:01Z')).text).toBe('00:04:59');
  });

  it('shows the last second as 00:00:01, never 00:00:00 before the deadline', () => {
    expect(countdown(deadline, deadline - 1)).toMatchObject({ passed: false, text: '00:00:01' });
  });

  it('counts the deadline itself as passed ("by 12:00" means before it)', () => {
    expect(countdown(deadline, deadline)).toMatchObject({ passed: true, text: 'Deadline passed' });
    expect(countdown(deadline, deadline + 60_000).passed).toBe(true);
  });

  it('announces in coarse steps so a screen reader is not told every second', () => {
    const said = (msLeft: number) => countdown(deadline, deadline - msLeft).announcement;
    expect(said(3 * 86_400_000 + 5_000)).toBe('3 days left.');
    expect(said(86_400_000)).toBe('1 day left.');
    expect(said(2 * 3_600_000 + 1)).toBe('2 hours left.');
    expect(said(59 * 60_000)).toBe('55 minutes left.');
    expect(said(57 * 60_000)).toBe('55 minutes left.');
    expect(said(4 * 60_000 + 30_000)).toBe('4 minutes left.');
    expect(said(60_000)).toBe('1 minute left.');
    expect(said(59_000)).toBe('Less than a minute left.');
  });
});

describe('interestDeadlineState', () => {
  const deadline = '2019-11-29T11:00:00Z';

  it('counts down while the interest window is open', () => {
    expect(interestDeadlineState(deadline, at('2019-11-29T10:00:00Z'))).toEqual({
      phase: 'open',
      text: '01:00:00 left',
      announcement: '1 hour left.',
    });
  });

  it('waits for the allocation once the deadline has fired', () => {
    expect(interestDeadlineState(deadline, at('2019-11-29T11:00:02Z')).phase).toBe('awaitingAllocation');
  });

  it('does not count down to a deadline it was not given', () => {
    expect(interestDeadlineState(undefined, at('2019-11-29T10:00:00Z'), null)).toMatchObject({ text: 'No deadline' });
  });

  it('says when the allocation was made', () => {
    const state = interestDeadlineState(deadline, at('2019-11-29T11:00:05Z'), '2019-11-29T11:00:01.200Z');
    expect(state).toMatchObject({ phase: 'allocated', text: 'Allocated 29 Nov 2019, 12:00:01 CET' });
  });
});
