import { validateCpr } from './cpr';

describe('validateCpr (docs/domain.md "Personal data": the CPR number at the edge only)', () => {
  it("accepts 'DDMMYYSSSS' and 'DDMMYY-SSSS', giving 10 digits and the date of birth", () => {
    expect(validateCpr('1501851234')).toEqual({ ok: true, cpr: '1501851234', birthDate: '1985-01-15' });
    expect(validateCpr('150185-1234')).toEqual({ ok: true, cpr: '1501851234', birthDate: '1985-01-15' });
    expect(validateCpr(' 150185-1234 ')).toEqual({ ok: true, cpr: '1501851234', birthDate: '1985-01-15' });
  });

  it.each([
    // 7th digit 0–3: the 1900s
    ['010100-0000', '1900-01-01'],
    ['311299-3999', '1999-12-31'],
    // 4 and 9: the 2000s up to year 36, else the 1900s
    ['010136-4000', '2036-01-01'],
    ['010137-4000', '1937-01-01'],
    ['010136-9000', '2036-01-01'],
    ['010137-9000', '1937-01-01'],
    // 5–8: the 2000s up to year 57, else the 1800s
    ['010157-5000', '2057-01-01'],
    ['010158-5000', '1858-01-01'],
    ['010100-8000', '2000-01-01'],
    ['010199-8000', '1899-01-01'],
  ])('reads the century of %s from the 7th digit: born %s', (cpr, birthDate) => {
    expect(validateCpr(cpr)).toMatchObject({ ok: true, birthDate });
  });

  it('checks that the date is real, in the century the 7th digit gives', () => {
    expect(validateCpr('290200-4123')).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(validateCpr('290200-1234')).toMatchObject({ ok: false }); // 1900 was no leap year
    expect(validateCpr('310490-1234')).toMatchObject({ ok: false });
    expect(validateCpr('000190-1234')).toMatchObject({ ok: false });
    expect(validateCpr('011390-1234')).toMatchObject({ ok: false });
  });

  it('makes no modulus-11 check (numbers without it have been issued since 2007)', () => {
    expect(validateCpr('0101901237')).toMatchObject({ ok: true, birthDate: '1990-01-01' });
  });

  it.each(['', '150185123', '15018512345', '150185 1234', '150185--1234', '1501-851234', 'abcdefghij', '15O1851234'])(
    'refuses %p',
    (input) => {
      expect(validateCpr(input)).toEqual({ ok: false, message: expect.any(String) });
    },
  );

  it('never repeats the number in its message', () => {
    for (const input of ['3102901234', '310290-1234', '31029012345', '3102-901234']) {
      const result = validateCpr(input);
      if (result.ok) throw new Error('expected a rejection');
      expect(result.message).not.toMatch(/\d{4}/);
      expect(result.message).not.toContain('310290');
    }
  });
});
