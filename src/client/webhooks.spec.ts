import { signWebhookPayload, verifyWebhookSignature, WebhookSignatureError } from './webhooks';

const secret = 'whsec_test_5Jc0q2Zf8tVw3nKp7Lx1RbYd9Hs4Ga6E';
const signedAt = 1_795_428_072;
const event = {
  id: 'evt_01JDA6X3Q8A1',
  type: 'payment.captured',
  created_at: '2026-11-23T10:01:12.000Z',
  sequence: 42,
  data: { object: { id: 'pay_01JDA6X3Q7S5', amount: '1250.00' } },
};
const payload = JSON.stringify(event);
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

function reasonOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.reason;
    throw error;
  }
  return 'verified';
}

describe('verifyWebhookSignature', () => {
  it('returns the event of a correctly signed payload, given as a string or as raw bytes', () => {
    const header = signWebhookPayload({ payload, secret, timestamp: signedAt });
    expect(verifyWebhookSignature({ payload, header, secret, now: at(signedAt + 10) })).toEqual(event);
    expect(verifyWebhookSignature({ payload: Buffer.from(payload), header, secret, now: at(signedAt) })).toEqual(event);
  });

  it('matches the documented HMAC-SHA256 of "<t>.<body>" in hex', () => {
    const header = signWebhookPayload({ payload: '{"id":"evt_1"}', secret: 'whsec_abc', timestamp: 1_700_000_000 });
    // echo -n '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_abc
    expect(header).toBe('t=1700000000,v1=79f159714a0d01d9505691104b38e71f0dbb0d4bdeef387b113d07b870f50db3');
  });

  it('refuses a payload changed after signing, even by one character', () => {
    const header = signWebhookPayload({ payload, secret, timestamp: signedAt });
    const tampered = payload.replace('1250.00', '9250.00');
    expect(reasonOf(() => verifyWebhookSignature({ payload: tampered, header, secret, now: at(signedAt) }))).toBe('no_matching_signature');
  });

  it('refuses a signature made with another secret', () => {
    const header = signWebhookPayload({ payload, secret: 'whsec_someone_else', timestamp: signedAt });
    expect(reasonOf(() => verifyWebhookSignature({ payload, header, secret, now: at(signedAt) }))).toBe('no_matching_signature');
  });

  it('accepts a signature within the tolerance either side of now and refuses one beyond it', () => {
    const header = signWebhookPayload({ payload, secret, timestamp: signedAt });
    const verifyAt = (now: number, toleranceSeconds?: number) =>
      reasonOf(() => verifyWebhookSignature({ payload, header, secret, now: at(now), ...(toleranceSeconds ? { toleranceSeconds } : {}) }));
    expect(verifyAt(signedAt + 300)).toBe('verified');
    expect(verifyAt(signedAt - 300)).toBe('verified');
    expect(verifyAt(signedAt + 301)).toBe('timestamp_out_of_tolerance');
    expect(verifyAt(signedAt - 301)).toBe('timestamp_out_of_tolerance');
    expect(verifyAt(signedAt + 3600, 7200)).toBe('verified');
  });

  it('accepts any of several v1 signatures, so a receiver keeps working while its secret rotates', () => {
    const withOld = signWebhookPayload({ payload, secret: 'whsec_old', timestamp: signedAt });
    const withNew = signWebhookPayload({ payload, secret, timestamp: signedAt });
    const header = `${withOld},${withNew.split(',')[1]!}`;
    expect(verifyWebhookSignature({ payload, header, secret, now: at(signedAt) })).toEqual(event);
    expect(verifyWebhookSignature({ payload, header, secret: 'whsec_old', now: at(signedAt) })).toEqual(event);
  });

  it('ignores signature schemes it does not know', () => {
    const header = signWebhookPayload({ payload, secret, timestamp: signedAt }).replace(',v1=', ',v0=deadbeef,v1=');
    expect(verifyWebhookSignature({ payload, header, secret, now: at(signedAt) })).toEqual(event);
  });

  it.each([
    ['an empty header', ''],
    ['no timestamp', 'v1=' + 'a'.repeat(64)],
    ['no v1 signature', `t=${signedAt}`],
    ['a v1 that is not 64 hex digits', `t=${signedAt},v1=xyz`],
    ['a timestamp that is not a number', `t=yesterday,v1=${'a'.repeat(64)}`],
  ])('refuses a header with %s as malformed', (_, header) => {
    expect(reasonOf(() => verifyWebhookSignature({ payload, header, secret, now: at(signedAt) }))).toBe('malformed_header');
  });
});
