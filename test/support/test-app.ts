import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import { createCorridorApp } from '../../src/bootstrap';
import type { AppConfig } from '../../src/config/app-config';
import { createEmptyPostgresDatabase } from './database';
import { expectMatchesSpec } from './openapi-contract';

export type Mode = 'embedded' | 'postgres';

/** Both ways the service runs: embedded PGlite + in-process jobs, and PostgreSQL + BullMQ on Redis. */
export const MODES: Mode[] = ['embedded', 'postgres'];

export interface TestApp {
  mode: Mode;
  app: INestApplication;
  api: ContractClient;
  operatorKey: string;
  /** Runs SQL against the app's database (PostgreSQL mode only): for tests that tamper with stored state. */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Listens on a free loopback port, for clients that need a real URL (the typed client, load tests). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A whole Corridor service on a fresh database of the given mode, driven through HTTP by supertest.
 * Workers run (schedulers, resumption) unless `runWorkers: false` is passed.
 */
export async function startTestApp(mode: Mode, overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const operatorKey = `sk_operator_test_${randomBytes(12).toString('hex')}`;
  const postgres = mode === 'postgres' ? await createEmptyPostgresDatabase() : null;
  const config: AppConfig = {
    host: '127.0.0.1',
    port: 0,
    database: postgres ? { kind: 'postgres', url: postgres.url, poolSize: 5 } : { kind: 'embedded', dataDir: null },
    redisUrl: mode === 'postgres' ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : null,
    jobsPrefix: `corridor-test-${randomBytes(6).toString('hex')}`,
    operatorKey,
    operatorKeyGenerated: false,
    runWorkers: true,
    // Tests fire bursts (concurrent duplicates, pagination walks): rate limiting has its own test.
    rateLimitPerSecond: 0,
    // Webhook retries 1000 times sooner (60 ms … 86 s), so retries are seen within a test.
    webhookRetryScale: 0.001,
    idempotencyRetentionHours: 24,
    ...overrides,
  };
  const { app } = await createCorridorApp(config, { logger: ['error'] });
  return {
    mode,
    app,
    api: new ContractClient(app),
    operatorKey,
    async sql(text, params = []) {
      if (!postgres) throw new Error('sql() needs the PostgreSQL mode');
      const client = new Client({ connectionString: postgres.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    async close() {
      await app.close();
      await postgres?.drop();
    },
  };
}

/**
 * Sends requests as a given API key and checks every response against the OpenAPI document: status
 * documented, content type, headers and body schema. A response the spec does not describe fails the test.
 */
export class ContractClient {
  constructor(private readonly app: INestApplication) {}

  async get(path: string, key: string): Promise<request.Response> {
    const res = await request(this.app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
    expectMatchesSpec(res, 'GET');
    return res;
  }

  async delete(path: string, key: string): Promise<request.Response> {
    const res = await request(this.app.getHttpServer()).delete(path).set('Authorization', `Bearer ${key}`);
    expectMatchesSpec(res, 'DELETE');
    return res;
  }

  async patch(path: string, key: string, body: object): Promise<request.Response> {
    const res = await request(this.app.getHttpServer()).patch(path).set('Authorization', `Bearer ${key}`).send(body);
    expectMatchesSpec(res, 'PATCH');
    return res;
  }

  async put(path: string, key: string, body: object): Promise<request.Response> {
    const res = await request(this.app.getHttpServer()).put(path).set('Authorization', `Bearer ${key}`).send(body);
    expectMatchesSpec(res, 'PUT');
    return res;
  }

  async post(path: string, key: string, body?: object | string, headers: Record<string, string> = {}): Promise<request.Response> {
    let call = request(this.app.getHttpServer()).post(path).set('Authorization', `Bearer ${key}`).set(headers);
    if (typeof body === 'string') call = call.set('Content-Type', 'application/json').send(body);
    else if (body !== undefined) call = call.send(body);
    const res = await call;
    expectMatchesSpec(res, 'POST');
    return res;
  }
}
