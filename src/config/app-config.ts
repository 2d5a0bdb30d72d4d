import { randomBytes } from 'node:crypto';
import { type DatabaseConfig, databaseConfigFromEnv } from '../adapters/prisma/database';

/**
 * Everything the service reads from its environment, validated once at start-up so a bad value stops
 * the process with a message that names the variable, instead of failing later mid-request.
 */
export interface AppConfig {
  host: string;
  port: number;
  /** `postgres` when DATABASE_URL is set; otherwise the embedded PostgreSQL (PGlite) in `dataDir`. */
  database: DatabaseConfig;
  /** BullMQ on Redis when set; otherwise the in-process job runner. */
  redisUrl: string | null;
  /** Key prefix for BullMQ queues, so several sandboxes can share one Redis. */
  jobsPrefix: string;
  /** The platform operator's API key; generated per boot when not configured. */
  operatorKey: string;
  operatorKeyGenerated: boolean;
  /** Run the region schedulers and settlement worker in this process. */
  runWorkers: boolean;
  /** Requests per second per API key before `429`; 0 turns the limit off. */
  rateLimitPerSecond: number;
  /**
   * Multiplies every delay of the webhook retry schedule (1 min … 24 h): 1 in service, a small fraction
   * in tests so that a whole schedule runs in seconds.
   */
  webhookRetryScale: number;
}

export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = parsePort(env.PORT ?? '3000');
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgresql:// URL');
  }
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  const configuredKey = nonEmpty(env.CORRIDOR_OPERATOR_KEY);
  if (configuredKey && configuredKey.length < 16) {
    throw new ConfigError('CORRIDOR_OPERATOR_KEY', 'must be at least 16 characters');
  }
  return {
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    port,
    database: databaseConfigFromEnv(env),
    redisUrl: redisUrl ?? null,
    jobsPrefix: nonEmpty(env.CORRIDOR_JOBS_PREFIX) ?? 'corridor',
    operatorKey: configuredKey ?? `sk_operator_${randomBytes(18).toString('base64url')}`,
    operatorKeyGenerated: configuredKey === undefined,
    runWorkers: parseBoolean('CORRIDOR_WORKERS', env.CORRIDOR_WORKERS ?? 'true'),
    rateLimitPerSecond: parseCount('CORRIDOR_RATE_LIMIT_PER_SECOND', env.CORRIDOR_RATE_LIMIT_PER_SECOND ?? '100'),
    webhookRetryScale: parseScale('CORRIDOR_WEBHOOK_RETRY_SCALE', env.CORRIDOR_WEBHOOK_RETRY_SCALE ?? '1'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parseCount(variable: string, text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0) throw new ConfigError(variable, `must be a whole number, 0 or more, got "${text}"`);
  return count;
}

function parseScale(variable: string, text: string): number {
  const scale = Number(text);
  if (text.trim() === '' || !Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new ConfigError(variable, `must be a number above 0 and at most 1, got "${text}"`);
  }
  return scale;
}

function parseBoolean(variable: string, text: string): boolean {
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new ConfigError(variable, `must be true or false, got "${text}"`);
}

/** Injection token for the validated `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
