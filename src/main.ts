import cluster from 'node:cluster';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configForThisProcess, isClusterPrimary, reportListening, startApiProcesses } from './api-cluster';
import { createCorridorApp } from './bootstrap';
import { runDemo, formatPositions } from './cli/demo';
import { type AppConfig, ConfigError, loadAppConfig } from './config/app-config';

/**
 * Starts the sandbox. `--demo` (what `npm start` passes) also loads the demo region, sends a few dozen
 * payments through the API, closes a window and prints its net positions, then keeps serving.
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const { url, databaseDescription } = isClusterPrimary(config) ? await startApiProcesses(config) : await serve(config);
  // In a cluster the primary speaks for the service; its API processes only serve.
  if (cluster.isWorker) return;
  const baseUrl = url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const processes = config.apiProcesses ?? 1;
  console.log(
    `Corridor: data in ${databaseDescription}; jobs on ${config.redisUrl ? 'BullMQ (Redis)' : 'the in-process runner'}` +
      (processes > 1 ? `; ${processes} API processes (pid ${process.pid} supervises)` : ''),
  );

  if (process.argv.includes('--demo')) {
    const result = await runDemo({ baseUrl, operatorKey: config.operatorKey, log: (line) => console.log(line) });
    console.log(`\n${formatPositions(result)}\n`);
    // Both need a key (the operator's, or a central bank's of the demo region).
    console.log(
      `Settlement report of window ${result.window.number}: ${baseUrl}/v1/settlement-windows/${result.window.id}/report (or report.csv)`,
    );
    console.log(`Regional statistics:  ${baseUrl}/v1/statistics/report.html?region_id=${result.region.id}\n`);
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

/** Builds the service and serves it on the configured port (shared by every process of a cluster). */
async function serve(config: AppConfig): Promise<{ url: string; databaseDescription: string }> {
  // Nest's own start-up chatter (every route mapped) buries the banner; warnings and errors still show.
  const { app, databaseDescription } = await createCorridorApp(configForThisProcess(config), { logger: ['error', 'warn'] });
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  reportListening(url, databaseDescription);
  return { url, databaseDescription };
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
