import { mangelpulje2019 } from '@puljeflow/domain';
import { bankHolidays, isBankingDay, lastBankingDayOfMonth, payoutRunDates } from './banking-calendar';

describe('the Danish banking calendar', () => {
  it('gives the payout runs of mangelpulje-2019 that its definition lists by hand', () => {
    expect(payoutRunDates('2020-01', '2021-06')).toEqual(mangelpulje2019.calendar.payoutRunDates);
  });

  it('moves a month end off a bank holiday: 31 Dec 2020 (nytårsaftensdag) and 30 Apr 2021 (store bededag)', () => {
    expect(lastBankingDayOfMonth(2020, 12)).toBe('2020-12-30');
    expect(lastBankingDayOfMonth(2021, 4)).toBe('2021-04-29');
  });

  it('moves a month end off a weekend', () => {
    expect(lastBankingDayOfMonth(2020, 2)).toBe('2020-02-28'); // 29 Feb 2020 is a Saturday
    expect(lastBankingDayOfMonth(2020, 5)).toBe('2020-05-29'); // 31 May 2020 is Whit Sunday
  });

  it.each([
    ['2020-06-05', 'grundlovsdag (an observance in date-holidays)'],
    ['2020-12-24', 'juleaftensdag (an observance in date-holidays)'],
    ['2020-12-31', 'nytårsaftensdag (added: Finans Danmark)'],
    ['2021-05-14', 'the Friday after Ascension (added: Finans Danmark)'],
    ['2020-05-08', 'store bededag'],
    ['2021-04-01', 'skærtorsdag'],
    ['2021-05-24', '2. pinsedag'],
    ['2021-01-01', 'nytårsdag'],
  ])('closes the banks on %s, %s', (date) => {
    expect(isBankingDay(date)).toBe(false);
  });

  it.each([
    ['2019-05-01', '1 May is no bank holiday'],
    ['2020-02-24', 'fastelavn is no bank holiday'],
    ['2024-04-26', 'store bededag was abolished from 2024'],
    ['2020-12-30', 'an ordinary Wednesday'],
  ])('opens the banks on %s: %s', (date) => {
    expect(isBankingDay(date)).toBe(true);
  });

  it('knows 15 closing days in 2020 and 14 from 2024, when store bededag was abolished', () => {
    // Nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag, store bededag, Kristi himmelfartsdag, the Friday
    // after it, pinsedag, 2. pinsedag, grundlovsdag, 24, 25, 26 and 31 Dec (Sundays among them, as in the data).
    expect(bankHolidays(2020).size).toBe(15);
    expect(bankHolidays(2024).size).toBe(14);
  });

  it('refuses what is not a date or a month', () => {
    expect(() => isBankingDay('2020-02-30')).toThrow(RangeError);
    expect(() => lastBankingDayOfMonth(2020, 13)).toThrow(RangeError);
    expect(() => payoutRunDates('2020-1', '2020-06')).toThrow(RangeError);
  });

  it('gives no runs for an empty range and one for a single month', () => {
    expect(payoutRunDates('2021-06', '2021-05')).toEqual([]);
    expect(payoutRunDates('2021-06', '2021-06')).toEqual(['2021-06-30']);
  });
});
