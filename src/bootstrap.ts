import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ExpressHttpAdapter } from './adapters/http/express-http-adapter';
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

/**
 * Builds the whole service — database opened and migrated, HTTP edge configured, workers started
 * where the config says — but does not listen, so tests can drive it with supertest.
 */
export async function createCorridorApp(config: AppConfig, options: { logger?: LogLevel[] | false } = {}): Promise<CorridorApp> {
  const database = await openDatabase(config.database);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, database), new ExpressHttpAdapter(), {
      logger: options.logger ?? ['log', 'warn', 'error'],
      // The HTTP edge reads JSON bodies itself (`jsonBodyMiddleware`).
      bodyParser: false,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  configureHttpEdge(app);
  app.enableShutdownHooks();
  await app.init();
  if (config.runWorkers) await app.get<JobRunner>(JOB_RUNNER).start();
  return { app, config, databaseDescription: database.describe };
}
