import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressHttpAdapter } from '../../../src/adapters/http/express-http-adapter';
import { configureHttpEdge } from '../../../src/adapters/http/http-edge';

/** A Nest app on the service's HTTP server (`ExpressHttpAdapter`) with the HTTP edge (request ids, JSON bodies, problem details, docs) around the given controllers. */
export async function edgeApp(controllers: Type[]): Promise<INestApplication> {
  @Module({ controllers })
  class EdgeTestModule {}
  const app = await NestFactory.create(EdgeTestModule, new ExpressHttpAdapter(), { logger: false, abortOnError: false, bodyParser: false });
  configureHttpEdge(app);
  await app.init();
  return app;
}
