import { compareHalfYears, halfYearOf, isHalfYear } from './half-year';

describe('half-years of the labour-market balance', () => {
  it.each([
    ['2020-01-01', '2020H1'],
    ['2020-06-30', '2020H1'], // a declaration on the last day of a half-year belongs to it
    ['2020-07-01', '2020H2'],
    ['2020-12-31', '2020H2'],
    ['2019-10-15', '2019H2'],
  ])('%s lies in %s', (date, halfYear) => {
    expect(halfYearOf(date)).toBe(halfYear);
  });

  it('refuses a date that is not one', () => {
    expect(() => halfYearOf('2020-06-31')).toThrow(RangeError);
    expect(() => halfYearOf('30/6/2020')).toThrow(RangeError);
  });

  it('orders half-years', () => {
    expect(['2020H2', '2019H2', '2021H1', '2020H1'].sort(compareHalfYears)).toEqual([
      '2019H2',
      '2020H1',
      '2020H2',
      '2021H1',
    ]);
    expect(compareHalfYears('2020H1', '2020H1')).toBe(0);
    expect(compareHalfYears('2019H2', '2020H1')).toBeLessThan(0);
    expect(() => compareHalfYears('2020H3', '2020H1')).toThrow(RangeError);
  });

  it('knows a half-year when it sees one', () => {
    expect(isHalfYear('2020H1')).toBe(true);
    expect(isHalfYear('2020H3')).toBe(false);
    expect(isHalfYear('2020-H1')).toBe(false);
  });
});
