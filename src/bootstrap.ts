import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpEdge } from './adapters/http/http-edge';
import { JOB_RUNNER, type JobRunner } from './adapters/jobs/job-runner.port';
import { openDatabase } from './adapters/prisma/database';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';

export interface CorridorApp {
  app: INestApplication;
  config: AppConfig;
  /** Where the data lives (embedded folder or PostgreSQL host/database), for the start-up banner. */
  databaseDescription: string;
}

/** Largest request body; a whole region document fits many times over. */
const BODY_LIMIT = '1mb';

/**
 * Builds the whole service — database opened and migrated, HTTP edge configured, workers started
 * where the config says — but does not listen, so tests can drive it with supertest.
 */
export async function createCorridorApp(config: AppConfig, options: { logger?: LogLevel[] | false } = {}): Promise<CorridorApp> {
  const database = await openDatabase(config.database);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, database), {
      logger: options.logger ?? ['log', 'warn', 'error'],
      bodyParser: false,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  configureHttpEdge(app);
  // After the request-id middleware, so even a body that fails to parse gets a problem with its id.
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.enableShutdownHooks();
  await app.init();
  if (config.runWorkers) await app.get<JobRunner>(JOB_RUNNER).start();
  return { app, config, databaseDescription: database.describe };
}
