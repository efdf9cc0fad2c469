import {
  amountIsPositive,
  dateOrUndefined,
  instantIsValid,
  isBlank,
  isDate,
  isThePool,
  municipalityCodeIsValid,
  textIsGiven,
  unknownPool,
} from './checks';
import { replay } from './decision';
import { mangelpulje2019 } from './pool-definition';
import { poolDecider } from './pool/decide';

describe('the checks every decider shares', () => {
  it('takes text with something in it, and nothing else', () => {
    expect(isBlank('Anna')).toBe(false);
    for (const blank of ['', '  ', undefined, null, 7]) expect(isBlank(blank)).toBe(true);
    expect(textIsGiven('INV-1', 'The invoice')).toBeUndefined();
    expect(textIsGiven(' ', 'The invoice')).toEqual({ code: 'SCHEMA_INVALID', message: 'The invoice is missing.' });
  });

  it('takes real dates only', () => {
    expect(dateOrUndefined('2020-02-29')).toBe('2020-02-29');
    for (const wrong of ['2019-02-29', '29-02-2020', '', undefined, 20200229]) {
      expect(dateOrUndefined(wrong)).toBeUndefined();
      expect(isDate(wrong, 'The date')?.code).toBe('SCHEMA_INVALID');
    }
    expect(isDate('2020-02-29', 'The date')).toBeUndefined();
  });

  it('takes valid instants, municipality codes and positive whole øre', () => {
    expect(instantIsValid(new Date('2020-01-01T00:00:00Z'))).toBeUndefined();
    expect(instantIsValid(new Date(Number.NaN))?.code).toBe('SCHEMA_INVALID');
    expect(municipalityCodeIsValid('101')).toBeUndefined();
    expect(municipalityCodeIsValid('1010')?.code).toBe('SCHEMA_INVALID');
    expect(amountIsPositive(1)).toBeUndefined();
    for (const wrong of [0, -1, 1.5, Number.NaN]) expect(amountIsPositive(wrong)?.code).toBe('INVALID_AMOUNT');
  });

  it('knows the pool a command names only once it is opened', () => {
    const opened = replay(poolDecider, [
      { type: 'PoolOpened', data: { poolId: 'mangelpulje-2019', definition: mangelpulje2019 } },
    ]);
    expect(isThePool(opened, 'mangelpulje-2019')).toBe(true);
    expect(isThePool(opened, 'mangelpulje-2017')).toBe(false);
    expect(isThePool(poolDecider.initialState(), 'mangelpulje-2019')).toBe(false);
    expect(unknownPool('x')).toEqual({ code: 'UNKNOWN_POOL', message: 'There is no open pool "x".' });
  });
});
