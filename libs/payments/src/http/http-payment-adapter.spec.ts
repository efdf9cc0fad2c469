import { freePort } from '@puljeflow/test-support';
import { PaymentRejectedError, PaymentSystemUnavailableError } from '../payment-port';
import { startTestPaymentServer, type TestPaymentServer } from '../test/idempotent-payment-server';
import { instructionFor, municipalityCodes } from '../test/payments';
import { HttpPaymentAdapter } from './http-payment-adapter';

describe('HttpPaymentAdapter', () => {
  let server: TestPaymentServer;
  beforeEach(async () => (server = await startTestPaymentServer()));
  afterEach(() => server.close());

  const adapter = (options = {}) =>
    new HttpPaymentAdapter({ url: server.url, backoffMs: 5, timeoutMs: 2_000, headers: { authorization: 'Bearer t' }, ...options });

  it('POSTs the instruction as JSON with the reference as Idempotency-Key, and takes 201 as accepted', async () => {
    const instruction = instructionFor('101');

    const receipt = await adapter().pay(instruction);

    expect(receipt).toEqual({ reference: instruction.reference, status: 'accepted', sentAt: '2020-01-31T10:00:01.000Z' });
    expect(server.paid).toEqual([{ key: instruction.reference, body: instruction, sentAt: receipt.sentAt }]);
  });

  it('takes 409 as duplicate, with the first payment’s time, and the payment system pays once', async () => {
    const first = await adapter().pay(instructionFor('101'));

    const again = await adapter().pay(instructionFor('101'));

    expect(again).toEqual({ ...first, status: 'duplicate' });
    expect(server.paid).toHaveLength(1);
  });

  it('retries a dropped connection and a 503, and pays once', async () => {
    server.faults.push('drop-before-paying', 503, 'drop-before-paying');

    const receipt = await adapter().pay(instructionFor('101'));

    expect(receipt.status).toBe('accepted');
    expect(server.requests).toBe(4);
    expect(server.paid).toHaveLength(1);
  });

  it('after a response lost once the payment was made, the retry is told "duplicate" and nothing is paid twice', async () => {
    server.faults.push('drop-after-paying');

    const receipt = await adapter().pay(instructionFor('101'));

    expect(receipt).toMatchObject({ status: 'duplicate', sentAt: server.paid[0]!.sentAt });
    expect(server.paid).toHaveLength(1);
  });

  it('gives up on a request that does not answer within the time limit, and tries again', async () => {
    server.faults.push('hang');

    const receipt = await adapter({ timeoutMs: 200 }).pay(instructionFor('101'));

    expect(receipt.status).toBe('accepted');
    expect(server.requests).toBe(2);
  });

  it('does not retry a refusal (4xx other than 409): the payment system said no', async () => {
    server.faults.push(400);

    await expect(adapter().pay(instructionFor('101'))).rejects.toThrow(PaymentRejectedError);
    expect(server.requests).toBe(1);
  });

  it('says the payment system is unavailable when every attempt fails', async () => {
    const nobodyListens = `http://127.0.0.1:${await freePort()}/payments`;

    const paying = adapter({ url: nobodyListens, attempts: 3 }).pay(instructionFor('101'));

    await expect(paying).rejects.toThrow(PaymentSystemUnavailableError);
    await expect(paying).rejects.toMatchObject({ attempts: 3 });
  });

  it('pays each reference once when the same payments are sent many times at once', async () => {
    const port = adapter();
    const codes = municipalityCodes(10);

    const receipts = await Promise.all([...codes, ...codes, ...codes].map((code) => port.pay(instructionFor(code))));

    expect(receipts.filter((r) => r.status === 'accepted')).toHaveLength(10);
    expect(server.paid.map((p) => p.key).sort()).toEqual(codes.map((c) => `mangelpulje-2019-20200131-${c}`).sort());
  });
});
