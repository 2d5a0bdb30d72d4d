import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCorridorApp } from './bootstrap';
import { runDemo, formatPositions } from './cli/demo';
import { ConfigError, loadAppConfig } from './config/app-config';

/**
 * Starts the sandbox. `--demo` (what `npm start` passes) also loads the demo region, sends a few dozen
 * payments through the API, closes a window and prints its net positions, then keeps serving.
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  // Nest's own start-up chatter (every route mapped) buries the banner; warnings and errors still show.
  const { app, databaseDescription } = await createCorridorApp(config, { logger: ['error', 'warn'] });
  await app.listen(config.port, config.host);
  const baseUrl = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  console.log(`Corridor: data in ${databaseDescription}; jobs on ${config.redisUrl ? 'BullMQ (Redis)' : 'the in-process runner'}`);

  if (process.argv.includes('--demo')) {
    const result = await runDemo({ baseUrl, operatorKey: config.operatorKey, log: (line) => console.log(line) });
    console.log(`\n${formatPositions(result)}\n`);
    if (result.apiKeys) {
      const file = await saveDemoKeys(result.apiKeys);
      console.log(`API keys of the demo region, one per role (all ${result.apiKeys.length} are in ${file}):`);
      for (const role of ['operator', 'central_bank', 'participant', 'merchant'] as const) {
        const key = result.apiKeys.find((k) => k.role === role)!;
        console.log(`  ${role.padEnd(12)} ${(key.subject_code ?? 'region').padEnd(16)} ${key.key}`);
      }
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

/** Region keys are shown once by the API; the demo keeps them where the user can find them again. */
async function saveDemoKeys(keys: { role: string; subject_code: string | null; key: string }[]): Promise<string> {
  const file = path.resolve('.corridor', 'demo-keys.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return path.relative(process.cwd(), file);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
