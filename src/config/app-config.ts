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
  /**
   * HTTP processes serving the API on one port (Node's cluster), CORRIDOR_API_PROCESSES, default 1; more
   * than one needs PostgreSQL and Redis. Job workers run in exactly one of them.
   */
  apiProcesses?: number;
  /**
   * Set in the cluster's API processes that leave the job workers to another process: they still write
   * schedules (BullMQ job schedulers live in Redis), which that process runs.
   */
  jobWorkersElsewhere?: boolean;
  /** Requests per second per API key before `429`; 0 turns the limit off. */
  rateLimitPerSecond: number;
  /**
   * Multiplies every delay of the webhook retry schedule (1 min … 24 h): 1 in service, a small fraction
   * in tests so that a whole schedule runs in seconds.
   */
  webhookRetryScale: number;
  /**
   * How long idempotency records are kept before the hourly purge forgets them (and their keys may be
   * used again): CORRIDOR_IDEMPOTENCY_RETENTION_HOURS, at least the 24 hours the API promises; default 24.
   */
  idempotencyRetentionHours: number;
  /**
   * Test hook for the crash-recovery tests, never set in service: the settlement step at which the process
   * kills itself with SIGKILL (CORRIDOR_CRASH_AFTER_STEP). Absent means never.
   */
  settlementCrashPoint?: SettlementCrashPoint;
}

/**
 * Where a window close can be made to crash: right after the transaction that moved the window into a
 * status commits (`closed`), or inside it, after its writes and before its commit (`closed-before-commit`).
 */
export const SETTLEMENT_CRASH_POINTS = [
  'closing-before-commit',
  'closing',
  'closed-before-commit',
  'closed',
  'settling-before-commit',
  'settling',
  'settled-before-commit',
  'settled',
] as const;
export type SettlementCrashPoint = (typeof SETTLEMENT_CRASH_POINTS)[number];

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
  const apiProcesses = parseApiProcesses(env.CORRIDOR_API_PROCESSES ?? '1', {
    postgres: databaseUrl !== undefined,
    redis: redisUrl !== undefined,
  });
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
    apiProcesses,
    rateLimitPerSecond: parseCount('CORRIDOR_RATE_LIMIT_PER_SECOND', env.CORRIDOR_RATE_LIMIT_PER_SECOND ?? '100'),
    webhookRetryScale: parseScale('CORRIDOR_WEBHOOK_RETRY_SCALE', env.CORRIDOR_WEBHOOK_RETRY_SCALE ?? '1'),
    idempotencyRetentionHours: parseRetentionHours(env.CORRIDOR_IDEMPOTENCY_RETENTION_HOURS ?? '24'),
    ...parseCrashPoint(nonEmpty(env.CORRIDOR_CRASH_AFTER_STEP)),
  };
}

function parseCrashPoint(text: string | undefined): { settlementCrashPoint?: SettlementCrashPoint } {
  if (text === undefined) return {};
  const point = SETTLEMENT_CRASH_POINTS.find((p) => p === text);
  if (!point) throw new ConfigError('CORRIDOR_CRASH_AFTER_STEP', `must be one of ${SETTLEMENT_CRASH_POINTS.join(', ')}, got "${text}"`);
  return { settlementCrashPoint: point };
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

/**
 * Several API processes share one database and one job queue: the embedded database belongs to one
 * process (PGlite has no server), and the in-process job runner's jobs live in one process's memory.
 */
function parseApiProcesses(text: string, backends: { postgres: boolean; redis: boolean }): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1)
    throw new ConfigError('CORRIDOR_API_PROCESSES', `must be a whole number, 1 or more, got "${text}"`);
  if (count > 1 && !backends.postgres) {
    throw new ConfigError(
      'CORRIDOR_API_PROCESSES',
      `must be 1 with the embedded database, which only one process can open; set DATABASE_URL (PostgreSQL) and REDIS_URL to run ${count}`,
    );
  }
  if (count > 1 && !backends.redis) {
    throw new ConfigError(
      'CORRIDOR_API_PROCESSES',
      `must be 1 without REDIS_URL: the in-process job runner cannot be shared by ${count} processes`,
    );
  }
  return count;
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

/** The API documents that keys are kept at least 24 hours, so a shorter retention is a configuration error. */
function parseRetentionHours(text: string): number {
  const hours = Number(text);
  if (!Number.isInteger(hours) || hours < 24) {
    throw new ConfigError('CORRIDOR_IDEMPOTENCY_RETENTION_HOURS', `must be a whole number of hours, 24 or more, got "${text}"`);
  }
  return hours;
}

function parseBoolean(variable: string, text: string): boolean {
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new ConfigError(variable, `must be true or false, got "${text}"`);
}

/** Injection token for the validated `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
