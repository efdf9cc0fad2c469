import { balanceKey, jobTitleKey } from './balance';

describe('job title keys', () => {
  it('ignore case, surrounding and repeated spaces, and how an å was typed', () => {
    expect(jobTitleKey('  Social-  og SUNDHEDSASSISTENT ')).toBe('social- og sundhedsassistent');
    expect(jobTitleKey('Tømrer')).toBe(jobTitleKey('TØMRER'));
    expect(jobTitleKey('Lærer på skole')).toBe(jobTitleKey('Lærer p\u0061\u030A skole'));
  });

  it('name an entry by half-year, RAR area and title', () => {
    expect(balanceKey({ halfYear: '2019H2', rarArea: 'Hovedstaden', jobTitle: ' Tømrer' })).toBe(
      '2019H2/Hovedstaden/tømrer',
    );
  });
});
