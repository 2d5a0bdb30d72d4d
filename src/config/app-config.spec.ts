import { ConfigError, loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('runs on the embedded database and in-process jobs when nothing is configured', () => {
    const config = loadAppConfig({ CORRIDOR_DATA_DIR: '/tmp/corridor-x' });
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/tmp/corridor-x' });
    expect(config.jobsPrefix).toBe('corridor');
    expect(config.redisUrl).toBeNull();
    expect(config.operatorKeyGenerated).toBe(true);
    expect(config.operatorKey).toMatch(/^sk_operator_/);
  });

  it('uses PostgreSQL and Redis when their URLs are set', () => {
    const config = loadAppConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/corridor',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CORRIDOR_OPERATOR_KEY: 'sk_operator_0123456789abcdef',
      CORRIDOR_JOBS_PREFIX: 'pilot-a',
    });
    expect(config.jobsPrefix).toBe('pilot-a');
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/corridor' });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.operatorKey).toBe('sk_operator_0123456789abcdef');
  });

  it('names the variable at fault', () => {
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT', 'must be an integer from 0 to 65535, got "eighty"'));
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadAppConfig({ CORRIDOR_OPERATOR_KEY: 'short' })).toThrow(/CORRIDOR_OPERATOR_KEY/);
    expect(() => loadAppConfig({ CORRIDOR_WEBHOOK_RETRY_SCALE: '0' })).toThrow(/CORRIDOR_WEBHOOK_RETRY_SCALE/);
    expect(() => loadAppConfig({ CORRIDOR_CRASH_AFTER_STEP: 'settled-after-lunch' })).toThrow(/CORRIDOR_CRASH_AFTER_STEP/);
  });

  it('arms the settlement crash hook only when the crash tests ask for it', () => {
    expect(loadAppConfig({}).settlementCrashPoint).toBeUndefined();
    expect(loadAppConfig({ CORRIDOR_CRASH_AFTER_STEP: 'closed-before-commit' }).settlementCrashPoint).toBe('closed-before-commit');
  });

  it('retries webhooks on the published schedule unless a test scales it down', () => {
    expect(loadAppConfig({}).webhookRetryScale).toBe(1);
    expect(loadAppConfig({ CORRIDOR_WEBHOOK_RETRY_SCALE: '0.001' }).webhookRetryScale).toBe(0.001);
  });

  it('keeps idempotency keys 24 hours unless configured longer, never less', () => {
    expect(loadAppConfig({}).idempotencyRetentionHours).toBe(24);
    expect(loadAppConfig({ CORRIDOR_IDEMPOTENCY_RETENTION_HOURS: '72' }).idempotencyRetentionHours).toBe(72);
    expect(() => loadAppConfig({ CORRIDOR_IDEMPOTENCY_RETENTION_HOURS: '12' })).toThrow(/CORRIDOR_IDEMPOTENCY_RETENTION_HOURS/);
  });

  it('serves the API from one process unless told more, and refuses several without PostgreSQL and Redis', () => {
    const shared = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/corridor', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadAppConfig({}).apiProcesses).toBe(1);
    expect(loadAppConfig({ ...shared, CORRIDOR_API_PROCESSES: '2' }).apiProcesses).toBe(2);
    expect(() => loadAppConfig({ CORRIDOR_API_PROCESSES: '2' })).toThrow(/CORRIDOR_API_PROCESSES must be 1 with the embedded database/);
    expect(() => loadAppConfig({ DATABASE_URL: shared.DATABASE_URL, CORRIDOR_API_PROCESSES: '2' })).toThrow(/without REDIS_URL/);
    expect(() => loadAppConfig({ ...shared, CORRIDOR_API_PROCESSES: '0' })).toThrow(/CORRIDOR_API_PROCESSES/);
  });
});
