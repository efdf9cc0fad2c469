import { isSamePerson, isSecondPerson, personIsNamed } from './four-eyes';

describe('four-eyes', () => {
  it.each([
    ['Anna', 'Anna'],
    ['Anna', 'anna'],
    ['anna', 'ANNA'],
    ['anna ', ' Anna'],
    ['\tanna\n', 'anna'],
  ])('takes "%s" and "%s" for the same person', (one, other) => {
    expect(isSamePerson(one, other)).toBe(true);
    expect(isSecondPerson(one, other, 'prepared this')).toEqual({
      code: 'FOUR_EYES_REQUIRED',
      message: `${other} prepared this and cannot also approve it; a second person must.`,
    });
  });

  it.each([
    ['Anna', 'Bo'],
    ['anna', 'anna.b'],
    ['anna', 'an na'],
    ['Åse', 'Ase'],
  ])('takes "%s" and "%s" for two people', (one, other) => {
    expect(isSamePerson(one, other)).toBe(false);
    expect(isSecondPerson(one, other, 'prepared this')).toBeUndefined();
  });

  it('needs a person named', () => {
    expect(personIsNamed('Anna', 'approver')).toBeUndefined();
    for (const nobody of ['', '   ', undefined, null, 42]) {
      expect(personIsNamed(nobody, 'approver')).toEqual({ code: 'SCHEMA_INVALID', message: 'No approver is named.' });
    }
  });
});
