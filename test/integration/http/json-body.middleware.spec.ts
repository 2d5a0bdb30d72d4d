import { Body, Controller, HttpCode, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { JSON_BODY_LIMIT_BYTES } from '../../../src/adapters/http/json-body.middleware';
import { expectProblem } from '../../support/problems';
import { edgeApp } from './edge-app';

@Controller()
class EchoController {
  /** Answers what the handler received as its body, `null` when there was none. */
  @Post('v1/echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return { received: body ?? null };
  }
}

describe('jsonBodyMiddleware', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([EchoController]);
  });
  afterAll(() => app.close());

  const post = () => request(app.getHttpServer()).post('/v1/echo');
  /** Sends these exact bytes (supertest would serialise a Buffer as JSON). */
  const postBytes = (bytes: Buffer, headers: Record<string, string>) =>
    post()
      .set(headers)
      .serialize((body: Buffer) => body as unknown as string)
      .send(bytes);
  const order = { amount: '1250.50', currency: 'KES', metadata: { order: 'A-17' } };

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON; Charset="UTF-8"', 'application/merge-patch+json'])(
    'reads a %s body',
    async (contentType) => {
      const res = await post().set('Content-Type', contentType).send(JSON.stringify(order));

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: order });
    },
  );

  it('keeps every digit of an amount, as the string it was sent as', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"amount":"12345678901234567890.123456789"}');

    expect(res.body).toEqual({ received: { amount: '12345678901234567890.123456789' } });
  });

  it('reads a body that arrives in many chunks', async () => {
    const names = Array.from({ length: 5_000 }, (_, i) => `merchant-${i}`);
    const res = await post().set('Content-Type', 'application/json').send(JSON.stringify({ names }));

    expect(res.status).toBe(200);
    expect(res.body.received.names).toHaveLength(5_000);
  });

  it('skips a byte order mark before the JSON text', async () => {
    const res = await postBytes(Buffer.from(`\ufeff${JSON.stringify(order)}`, 'utf8'), { 'Content-Type': 'application/json' });

    expect(res.body).toEqual({ received: order });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('inflates a %s body', async (encoding, compress) => {
    const res = await postBytes(compress(Buffer.from(JSON.stringify(order))), {
      'Content-Type': 'application/json',
      'Content-Encoding': encoding,
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: order });
  });

  it('reads an empty JSON body as an empty object', async () => {
    const res = await post().set('Content-Type', 'application/json').set('Content-Length', '0');

    expect(res.body).toEqual({ received: {} });
  });

  it('leaves a body that is not JSON unread', async () => {
    const res = await post().set('Content-Type', 'text/plain').send('amount=10');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: null });
  });

  it.each([
    ['is cut short', '{"amount": '],
    ['is a bare string', '"1250.50"'],
    ['is a bare number', '1250.5'],
  ])('answers 400 malformed_json for a body that %s', async (_case, body) => {
    const res = await post().set('Content-Type', 'application/json').send(body);

    expectProblem(res, 400, 'malformed_json');
  });

  it('answers 400 malformed_json for a charset other than UTF-8', async () => {
    const res = await post().set('Content-Type', 'application/json; charset=latin1').send(JSON.stringify(order));

    expectProblem(res, 400, 'malformed_json');
    expect(res.body.detail).toContain('charset=latin1');
  });

  it('answers 400 malformed_json for a compression it does not know, or a body that does not inflate', async () => {
    const unknown = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'zstd').send(JSON.stringify(order));
    const broken = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(JSON.stringify(order));

    expectProblem(unknown, 400, 'malformed_json');
    expect(unknown.body.detail).toContain('zstd');
    expectProblem(broken, 400, 'malformed_json');
  });

  it('answers 413 payload_too_large for a declared length over the limit', async () => {
    const res = await post()
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(JSON_BODY_LIMIT_BYTES) }));

    expectProblem(res, 413, 'payload_too_large');
  });

  it('answers 413 payload_too_large for a compressed body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ padding: ' '.repeat(4 * JSON_BODY_LIMIT_BYTES) })));
    const res = await postBytes(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });

    expect(bomb.length).toBeLessThan(JSON_BODY_LIMIT_BYTES / 100);
    expectProblem(res, 413, 'payload_too_large');
  });

  it('serves the next request on the same server after refusing one', async () => {
    await post().set('Content-Type', 'application/json').send('{"amount": ');
    const res = await post().set('Content-Type', 'application/json').send(JSON.stringify(order));

    expect(res.body).toEqual({ received: order });
  });
});
