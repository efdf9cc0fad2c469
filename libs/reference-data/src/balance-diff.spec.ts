import type { BalanceEntry, BalanceStatus } from './balance';
import { diffBalance } from './balance-diff';

const entry = (jobTitle: string, status: BalanceStatus, disco08: string | null = null): BalanceEntry => ({
  halfYear: '2019H2',
  rarArea: 'Fyn',
  jobTitle,
  disco08,
  status,
});

describe('diffBalance', () => {
  it('tells added, removed and changed entries apart, each in key order, and counts the unchanged', () => {
    const previous = ['Tømrer', 'Murer', 'Kok', 'Smed'].map((title) => entry(title, 'mangel'));
    const next = [
      entry('tømrer', 'mangel'),
      entry('Murer', 'omfattende mangel'),
      entry('Smed', 'mangel', '721400'),
      entry('Elektriker', 'mangel'),
      entry('Buschauffør', 'ingen mangel'),
    ];
    expect(diffBalance(previous, next)).toEqual({
      added: [entry('Buschauffør', 'ingen mangel'), entry('Elektriker', 'mangel')],
      removed: [entry('Kok', 'mangel')],
      changed: [
        { key: '2019H2/Fyn/murer', from: entry('Murer', 'mangel'), to: entry('Murer', 'omfattende mangel') },
        { key: '2019H2/Fyn/smed', from: entry('Smed', 'mangel'), to: entry('Smed', 'mangel', '721400') },
        { key: '2019H2/Fyn/tømrer', from: entry('Tømrer', 'mangel'), to: entry('tømrer', 'mangel') },
      ],
      unchanged: 0,
    });
  });

  it('finds nothing changed between equal balances, whatever their order', () => {
    const a = [entry('Kok', 'mangel'), entry('Smed', 'paradoksproblem')];
    expect(diffBalance(a, [...a].reverse())).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });

  it('keeps half-years and RAR areas apart', () => {
    const fyn = entry('Kok', 'mangel');
    const bornholm: BalanceEntry = { ...fyn, rarArea: 'Bornholm' };
    const later: BalanceEntry = { ...fyn, halfYear: '2020H1' };
    expect(diffBalance([fyn], [bornholm, later])).toEqual({
      added: [bornholm, later],
      removed: [fyn],
      changed: [],
      unchanged: 0,
    });
  });

  it('against nothing, everything is added', () => {
    expect(diffBalance([], [entry('Kok', 'mangel')]).added).toHaveLength(1);
  });
});
