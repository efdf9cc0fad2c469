import { InvalidCprError, normaliseCpr } from './cpr';

describe('normaliseCpr', () => {
  it.each([
    ['0101901234', '0101901234'],
    ['010190-1234', '0101901234'],
    ['  010190-1234\n', '0101901234'],
    ['2902004000', '2902004000'], // 29 February 2000 (7th digit 4, year 00: the 2000s)
  ])('reads %j as %s', (input, digits) => {
    expect(normaliseCpr(input)).toBe(digits);
  });

  it.each([
    ['too short', '010190123'],
    ['too long', '01019012345'],
    ['a letter', '010190123X'],
    ['two dashes', '010190--1234'],
    ['a dash in the wrong place', '0101-901234'],
    ['empty', ''],
    ['31 February', '3102901234'],
    ['month 13', '0113901234'],
    ['day 0', '0001901234'],
    ['29 February 1900 (7th digit 0: the 1900s, not a leap year)', '2902000123'],
    ['29 February 1858 (7th digit 5, year above 57: the 1800s)', '2902585123'],
  ])('refuses %s without echoing the input', (_, input) => {
    const error = catchError(() => normaliseCpr(input));
    expect(error).toBeInstanceOf(InvalidCprError);
    expect(error.message).toMatch(/CPR/);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(/\d{3}/);
    for (const digits of input.match(/\d{4,}/g) ?? []) expect(error.stack).not.toContain(digits);
  });

  it('refuses what is not a string', () => {
    expect(() => normaliseCpr(101901234)).toThrow(InvalidCprError);
    expect(() => normaliseCpr(undefined)).toThrow(InvalidCprError);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
