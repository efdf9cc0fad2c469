import {
  addDays,
  addMonthsClamped,
  copenhagenDateOf,
  copenhagenInstant,
  daysBetween,
  endOfCopenhagenDay,
  isValidIsoDate,
  parseInstant,
  toCopenhagenIso,
} from './calendar';

describe('Copenhagen calendar', () => {
  describe('copenhagenInstant', () => {
    it('reads wall-clock time in Copenhagen, winter and summer', () => {
      expect(copenhagenInstant('2019-11-29', '12:00').toISOString()).toBe('2019-11-29T11:00:00.000Z');
      expect(copenhagenInstant('2020-04-01', '12:00').toISOString()).toBe('2020-04-01T10:00:00.000Z');
      expect(copenhagenInstant('2021-04-01', '12:00').toISOString()).toBe('2021-04-01T10:00:00.000Z');
      expect(copenhagenInstant('2020-01-01').toISOString()).toBe('2019-12-31T23:00:00.000Z');
    });

    it('moves a time that does not exist (spring forward) an hour on', () => {
      expect(copenhagenInstant('2020-03-29', '02:30').toISOString()).toBe('2020-03-29T01:30:00.000Z');
    });

    it('refuses malformed dates and times', () => {
      expect(() => copenhagenInstant('2020-02-30')).toThrow(RangeError);
      expect(() => copenhagenInstant('2020-02-01', '24:00')).toThrow(RangeError);
      expect(() => copenhagenInstant('1/2/2020')).toThrow(RangeError);
    });
  });

  describe('endOfCopenhagenDay', () => {
    it('is the instant the next Copenhagen day starts (docs/domain.md §6: end of 31 Dec 2020)', () => {
      expect(endOfCopenhagenDay('2020-12-31').toISOString()).toBe('2020-12-31T23:00:00.000Z');
      expect(endOfCopenhagenDay('2021-01-31').toISOString()).toBe('2021-01-31T23:00:00.000Z');
      expect(endOfCopenhagenDay('2021-06-30').toISOString()).toBe('2021-06-30T22:00:00.000Z');
    });

    it('follows the clock change on the last Sunday of March (a 23-hour day)', () => {
      expect(endOfCopenhagenDay('2020-03-28').toISOString()).toBe('2020-03-28T23:00:00.000Z');
      expect(endOfCopenhagenDay('2020-03-29').toISOString()).toBe('2020-03-29T22:00:00.000Z');
      const day = endOfCopenhagenDay('2020-03-29').getTime() - endOfCopenhagenDay('2020-03-28').getTime();
      expect(day / 3_600_000).toBe(23);
    });

    it('follows the clock change on the last Sunday of October (a 25-hour day)', () => {
      expect(endOfCopenhagenDay('2020-10-24').toISOString()).toBe('2020-10-24T22:00:00.000Z');
      expect(endOfCopenhagenDay('2020-10-25').toISOString()).toBe('2020-10-25T23:00:00.000Z');
      const day = endOfCopenhagenDay('2020-10-25').getTime() - endOfCopenhagenDay('2020-10-24').getTime();
      expect(day / 3_600_000).toBe(25);
    });

    it('keeps a deadline on its date whichever side of a clock change it is: the last instant is still that day', () => {
      for (const date of ['2020-03-28', '2020-03-29', '2020-10-24', '2020-10-25', '2021-03-28', '2021-10-31']) {
        const end = endOfCopenhagenDay(date);
        expect(copenhagenDateOf(new Date(end.getTime() - 1))).toBe(date);
        expect(copenhagenDateOf(end)).toBe(addDays(date, 1));
      }
    });
  });

  describe('copenhagenDateOf', () => {
    it('gives the Copenhagen date, not the UTC one', () => {
      expect(copenhagenDateOf(new Date('2020-12-31T22:59:59.999Z'))).toBe('2020-12-31');
      expect(copenhagenDateOf(new Date('2020-12-31T23:00:00.000Z'))).toBe('2021-01-01');
      expect(copenhagenDateOf(new Date('2020-06-30T22:00:00.000Z'))).toBe('2020-07-01');
    });

    it('counts the repeated hour of the October change to the right day', () => {
      expect(copenhagenDateOf(new Date('2020-10-25T00:30:00Z'))).toBe('2020-10-25');
      expect(copenhagenDateOf(new Date('2020-10-25T01:30:00Z'))).toBe('2020-10-25');
    });
  });

  describe('addMonthsClamped', () => {
    it.each([
      ['2020-01-31', 3, '2020-04-30'],
      ['2020-01-31', 1, '2020-02-29'],
      ['2019-11-30', 3, '2020-02-29'],
      ['2020-11-30', 3, '2021-02-28'],
      ['2020-01-15', 3, '2020-04-15'],
      ['2020-05-31', -3, '2020-02-29'],
    ])('%s + %p months = %s', (date, months, expected) => {
      expect(addMonthsClamped(date, months)).toBe(expected);
    });

    it('is not moved by the March clock change', () => {
      expect(addMonthsClamped('2019-12-29', 3)).toBe('2020-03-29');
      expect(addMonthsClamped('2020-03-29', 1)).toBe('2020-04-29');
    });
  });

  describe('isValidIsoDate', () => {
    it.each([
      ['2020-02-29', true],
      ['2019-02-29', false],
      ['2020-13-01', false],
      ['2020-1-01', false],
      ['2020-01-01T00:00', false],
      ['', false],
    ])('%p is %p', (value, valid) => {
      expect(isValidIsoDate(value)).toBe(valid);
    });
  });

  describe('day arithmetic and ISO instants', () => {
    it('counts days across clock changes as whole days', () => {
      expect(daysBetween('2020-03-28', '2020-03-30')).toBe(2);
      expect(daysBetween('2020-10-30', '2020-10-24')).toBe(-6);
      expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    });

    it('writes instants with the Copenhagen offset and reads them back', () => {
      expect(toCopenhagenIso(new Date('2019-11-29T11:00:00Z'))).toBe('2019-11-29T12:00:00+01:00');
      expect(toCopenhagenIso(new Date('2020-04-01T10:00:00Z'))).toBe('2020-04-01T12:00:00+02:00');
      expect(parseInstant('2020-04-01T12:00:00+02:00').toISOString()).toBe('2020-04-01T10:00:00.000Z');
      expect(() => parseInstant('2020-04-01T12:00:00')).toThrow(/offset/);
    });
  });
});
