import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZodError } from 'zod';
import { writeFileAtomic } from '../files/atomic-file';
import { runKeyOf } from '../payment-instruction';
import { PaymentConflictError } from '../payment-port';
import { readPain001 } from '../test/pain001-check';
import { AGENCY, danishIban, instructionFor, municipalityCodes, RUN_DATE } from '../test/payments';
import { Pain001FileAdapter } from './pain001-file-adapter';

const RUN = runKeyOf({ poolId: 'mangelpulje-2019', runDate: RUN_DATE });
// A crash while the adapter replaces a file is a rejected write here (the real one runs unless a test says otherwise).
jest.mock('../files/atomic-file', () => {
  const actual = jest.requireActual<typeof import('../files/atomic-file')>('../files/atomic-file');
  return { ...actual, writeFileAtomic: jest.fn(actual.writeFileAtomic) };
});
const at = (time: string) => () => new Date(`2020-01-31T${time}Z`);

describe('Pain001FileAdapter', () => {
  let folder: string;
  beforeEach(async () => (folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-pain001-'))));
  afterEach(() => rm(folder, { recursive: true, force: true }));

  const adapter = (now = at('09:00:00')) => new Pain001FileAdapter({ folder, now });
  const xmlOf = (runKey = RUN) => readFile(path.join(folder, `${runKey}.pain001.xml`), 'utf8');

  it('writes one pain.001.001.09 file per run with one transaction per payment, amounts in kroner from øre', async () => {
    const port = adapter();
    const first = await port.pay(instructionFor('101', { amountOre: 123_456 }));
    await port.pay(instructionFor('147', { amountOre: 5 }));

    expect(first).toEqual({
      reference: 'mangelpulje-2019-20200131-101',
      status: 'accepted',
      sentAt: '2020-01-31T09:00:00.000Z',
      fileName: `${RUN}.pain001.xml`,
    });
    const file = readPain001(await xmlOf());
    expect(file.transactions.map((tx) => [tx.endToEndId, tx.amountOre, tx.creditor])).toEqual([
      ['mangelpulje-2019-20200131-101', 123_456, 'Kommune 101'],
      ['mangelpulje-2019-20200131-147', 5, 'Kommune 147'],
    ]);
    expect(file).toMatchObject({ requestedExecutionDate: RUN_DATE, debtorIban: AGENCY.iban });
    expect(file.createdAt).toBe('2020-01-31T10:00:00+01:00');
    expect(file.transactions[0]!.remittance).toBe('Refusion mangelpulje-2019 udbetaling 2020-01-31 kommune 101');
    const xml = await xmlOf();
    expect(xml).toContain('<InstdAmt Ccy="DKK">1234.56</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="DKK">0.05</InstdAmt>');
    expect(xml).toContain('<CtrlSum>1234.61</CtrlSum>');
  });

  it('reads the run file back as written, and as it stood at an earlier instant; nothing before the first payment', async () => {
    expect(await adapter().readFile(RUN)).toBeUndefined();
    await adapter(at('09:00:00')).pay(instructionFor('101', { amountOre: 100 }));
    const afterFirst = await xmlOf();
    await adapter(at('10:00:00')).pay(instructionFor('147', { amountOre: 200 }));

    expect(await adapter().readFile(RUN)).toBe(await xmlOf());
    expect(await adapter().readFile(RUN, new Date('2020-01-31T11:00:00Z'))).toBe(await xmlOf());
    expect(await adapter().readFile(RUN, new Date('2020-01-31T09:30:00Z'))).toBe(afterFirst);
    expect(await adapter().readFile(RUN, new Date('2020-01-31T08:59:59Z'))).toBeUndefined();
  });

  it('answers a reference paid before with "duplicate" and the first receipt, and leaves the file as it was', async () => {
    const first = await adapter(at('09:00:00')).pay(instructionFor('101'));
    const before = await xmlOf();

    const again = await adapter(at('15:30:00')).pay(instructionFor('101'));

    expect(again).toEqual({ ...first, status: 'duplicate' });
    expect(await xmlOf()).toBe(before);
  });

  it('holds each reference once when many pay calls for one run come at the same time', async () => {
    const port = adapter();
    const codes = municipalityCodes(30);
    const calls = [...codes, ...codes.slice(0, 10)].map((code) => port.pay(instructionFor(code)));

    const receipts = await Promise.all(calls);

    expect(receipts.filter((r) => r.status === 'accepted')).toHaveLength(30);
    expect(receipts.filter((r) => r.status === 'duplicate')).toHaveLength(10);
    expect(readPain001(await xmlOf()).transactions.map((tx) => tx.endToEndId).sort()).toEqual(
      codes.map((code) => `mangelpulje-2019-20200131-${code}`).sort(),
    );
    expect(await port.listPayments(RUN)).toHaveLength(30);
  });

  it('keeps each run in a file of its own and lists a run’s payments with when they were recorded', async () => {
    const port = adapter();
    await port.pay(instructionFor('101'));
    await port.pay(instructionFor('101', { runDate: '2020-02-28' }));

    expect(await readdir(folder)).toEqual(
      expect.arrayContaining(['mangelpulje-2019_2020-01-31.pain001.xml', 'mangelpulje-2019_2020-02-28.pain001.xml']),
    );
    const listed = await port.listPayments('mangelpulje-2019_2020-02-28');
    expect(listed).toEqual([{ instruction: instructionFor('101', { runDate: '2020-02-28' }), sentAt: '2020-01-31T09:00:00.000Z' }]);
    expect(await port.listPayments('mangelpulje-2019_2020-03-31')).toEqual([]);
    await expect(port.listPayments('../etc')).rejects.toThrow(RangeError);
  });

  it('refuses a reference paid before with other details, and a second payment to a municipality in a run', async () => {
    const port = adapter();
    await port.pay(instructionFor('101'));

    await expect(port.pay(instructionFor('101', { amountOre: 1 }))).rejects.toThrow(PaymentConflictError);
    await expect(port.pay(instructionFor('101', { reference: 'another-reference' }))).rejects.toThrow(
      /already pays municipality 101/,
    );
    expect(readPain001(await xmlOf()).transactions).toHaveLength(1);
  });

  it('refuses a payment whose debtor or execution date differs from its run’s (one PmtInf per run)', async () => {
    const port = adapter();
    await port.pay(instructionFor('101'));

    const otherDebtor = { ...AGENCY, iban: danishIban('0216', '4069000002') };
    await expect(port.pay(instructionFor('147', { debtor: otherDebtor }))).rejects.toThrow(/is paid from/);
    await expect(port.pay(instructionFor('147', { requestedExecutionDate: '2020-02-03' }))).rejects.toThrow(/executes on/);
  });

  it('refuses an instruction that cannot be paid, writing nothing', async () => {
    const port = adapter();
    const bad = [
      instructionFor('101', { reference: 'x'.repeat(36) }),
      instructionFor('101', { amountOre: 0 }),
      instructionFor('101', { debtor: { ...AGENCY, iban: 'DK0000400440116243' } }),
      instructionFor('411'),
      instructionFor('101', { runDate: '2020-02-30' }),
    ];
    for (const instruction of bad) await expect(port.pay(instruction)).rejects.toThrow(ZodError);
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes the creditor account as IBAN or as Danish BBAN (reg. no. + account no. to 10 digits), or leaves it out', async () => {
    const port = adapter();
    await port.pay(instructionFor('101', { creditor: { name: 'Kommune 101', account: { iban: danishIban('3001', '1') } } }));
    await port.pay(instructionFor('147', { creditor: { name: 'Kommune 147', account: { regNo: '3001', accountNo: '4321' } } }));
    await port.pay(instructionFor('151', { creditor: { name: 'Kommune 151' } }));

    const [iban, bban, none] = readPain001(await xmlOf()).transactions.map((tx) => tx.account);
    expect(iban).toEqual({ IBAN: danishIban('3001', '1') });
    expect(bban).toEqual({ Othr: { Id: '30010000004321', SchmeNm: { Cd: 'BBAN' } } });
    expect(none).toBeUndefined();
  });

  it('escapes names with XML characters and keeps Danish letters', async () => {
    await adapter().pay(instructionFor('101', { creditor: { name: 'Ærø & <Marstal> "Kommune"' } }));

    expect(readPain001(await xmlOf()).transactions[0]!.creditor).toBe('Ærø & <Marstal> "Kommune"');
  });

  it('after a crash between journal and XML, the retry answers "duplicate" and completes the XML', async () => {
    const port = adapter();
    await port.pay(instructionFor('101'));
    const xmlBeforeSecond = await xmlOf();
    await port.pay(instructionFor('147'));
    // As if killed after recording 147 in the journal, before replacing the XML.
    await writeFile(path.join(folder, `${RUN}.pain001.xml`), xmlBeforeSecond);

    const retry = await port.pay(instructionFor('147'));

    expect(retry.status).toBe('duplicate');
    expect(readPain001(await xmlOf()).transactions.map((tx) => tx.endToEndId)).toEqual([
      'mangelpulje-2019-20200131-101',
      'mangelpulje-2019-20200131-147',
    ]);
  });

  it('after a crash between journal and XML, the next payment first brings the XML up to the journal: a second crash leaves it one short, not two', async () => {
    const port = adapter();
    await port.pay(instructionFor('101'));
    const xmlBeforeSecond = await xmlOf();
    await port.pay(instructionFor('147'));
    await writeFile(path.join(folder, `${RUN}.pain001.xml`), xmlBeforeSecond); // killed before the XML had 147
    // Killed again: this time after recording 200, while writing the XML that holds it.
    const write = jest.mocked(writeFileAtomic);
    const real = write.getMockImplementation()!;
    write.mockImplementation(async (file, content) => {
      if (file.endsWith('.pain001.xml') && content.includes('-200<')) throw new Error('killed');
      return real(file, content);
    });

    await expect(port.pay(instructionFor('200'))).rejects.toThrow('killed');
    write.mockImplementation(real);

    const journal = (await port.listPayments(RUN)).map((p) => p.instruction.reference);
    expect(journal).toEqual(['101', '147', '200'].map((code) => `mangelpulje-2019-20200131-${code}`));
    expect(readPain001(await xmlOf()).transactions.map((tx) => tx.endToEndId)).toEqual(journal.slice(0, 2));
  });

  it('removes the temporary files a killed writer left, and never reads them', async () => {
    const leftover = `.${RUN}.pain001.xml.4242.deadbeef.tmp`;
    await writeFile(path.join(folder, leftover), '<Document><CstmrCdtTrfInitn>');

    await adapter().pay(instructionFor('101'));

    expect((await readdir(folder)).sort()).toEqual([`${RUN}.journal.json`, `${RUN}.pain001.xml`]);
  });
});
