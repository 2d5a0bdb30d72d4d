import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpEdge } from '../../../src/adapters/http/http-edge';

/** A Nest app with the HTTP edge (request ids, JSON bodies, problem details, docs) around the given controllers. */
export async function edgeApp(controllers: Type[]): Promise<INestApplication> {
  @Module({ controllers })
  class EdgeTestModule {}
  const app = await NestFactory.create(EdgeTestModule, { logger: false, abortOnError: false, bodyParser: false });
  configureHttpEdge(app);
  await app.init();
  return app;
}
