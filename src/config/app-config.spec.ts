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
  });

  it('retries webhooks on the published schedule unless a test scales it down', () => {
    expect(loadAppConfig({}).webhookRetryScale).toBe(1);
    expect(loadAppConfig({ CORRIDOR_WEBHOOK_RETRY_SCALE: '0.001' }).webhookRetryScale).toBe(0.001);
  });
});
