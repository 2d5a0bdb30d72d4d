import { openDatabase } from '../adapters/prisma/database';
import { ConfigError, loadAppConfig } from '../config/app-config';

/**
 * Applies pending migrations to the configured database (DATABASE_URL, or the embedded folder) and
 * exits. The service does the same at start-up; this is for deploying a schema ahead of new processes.
 */
async function main(): Promise<void> {
  const { database } = loadAppConfig();
  const opened = await openDatabase(database);
  console.log(`Migrations applied: ${opened.describe}`);
  await opened.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
