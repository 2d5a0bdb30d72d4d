import { Logger } from '@nestjs/common';
import { createCorridorApp } from './bootstrap';
import { runDemo, formatPositions } from './cli/demo';
import { ConfigError, loadAppConfig } from './config/app-config';

/**
 * Starts the sandbox. `--demo` (what `npm start` passes) also loads the demo region, sends a few dozen
 * payments through the API, closes a window and prints its net positions, then keeps serving.
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const { app, databaseDescription } = await createCorridorApp(config);
  await app.listen(config.port, config.host);
  const baseUrl = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const logger = new Logger('Corridor');
  logger.log(`Data: ${databaseDescription}; jobs: ${config.redisUrl ? 'BullMQ on Redis' : 'in-process runner'}`);

  if (process.argv.includes('--demo')) {
    const result = await runDemo({ baseUrl, operatorKey: config.operatorKey, log: (line) => logger.log(line) });
    console.log(`\n${formatPositions(result)}\n`);
    if (result.apiKeys) {
      console.log('API keys of the demo region (shown once; keep them):');
      for (const key of result.apiKeys) console.log(`  ${key.role.padEnd(12)} ${(key.subject_code ?? '').padEnd(16)} ${key.key}`);
      console.log('');
    }
  }
  console.log(`Corridor sandbox is serving at ${baseUrl}`);
  console.log(`  API docs:      ${baseUrl}/docs   (spec: ${baseUrl}/openapi.json)`);
  console.log(
    `  Operator key:  ${config.operatorKey}${config.operatorKeyGenerated ? '   (generated for this run; set CORRIDOR_OPERATOR_KEY to fix it)' : ''}`,
  );
  console.log(`  Try:           curl -H "Authorization: Bearer ${config.operatorKey}" ${baseUrl}/v1/settlement-windows`);
  console.log('Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
