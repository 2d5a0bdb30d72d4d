/**
 * The built service (`node dist/src/main.js`) in child processes, on scratch PostgreSQL databases and
 * BullMQ key prefixes of their own: shared by the API benchmark (bench/api.ts) and the crash-recovery
 * tests (test/e2e/crash-recovery.e2e.spec.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/** The repository root, found from here whether this runs as TypeScript source or from dist/. */
export const PROJECT_ROOT = findProjectRoot(__dirname);
export const SERVICE_SCRIPT = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'corridor') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Corridor package.json above ${from}`);
  }
}

/** How a service process ended: its exit code, or the signal that killed it. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built service in a child process, on a free port. */
export class Service {
  /** Settles when the process has ended, however it ended. */
  readonly exited: Promise<ServiceExit>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly log: () => string,
  ) {
    this.exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
        : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What the process wrote to stdout and stderr so far. */
  output(): string {
    return this.log();
  }

  static async start(env: Record<string, string>): Promise<Service> {
    const port = await freePort();
    // CORRIDOR_SERVICE_NODE_ARGS passes Node flags to the service only (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
    const child = spawn(process.execPath, [...(process.env.CORRIDOR_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), SERVICE_SCRIPT], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the service exited with ${child.exitCode ?? child.signalCode} while starting:\n${output}`);
      }
      try {
        if ((await fetch(`${url}/health`)).ok) return new Service(child, url, () => output);
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    child.kill('SIGKILL');
    throw new Error(`the service did not answer ${url}/health within 90 s:\n${output}`);
  }

  /** SIGTERM and wait; SIGKILL if it has not stopped after 15 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const exit = await this.exited;
    clearTimeout(timer);
    if (exit.code !== 0 && exit.signal !== 'SIGTERM') console.error(this.output());
  }
}

/** A database created for this run and dropped after it. */
export class ScratchDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(adminUrl: string, name: string): Promise<ScratchDatabase> {
    await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new ScratchDatabase(adminUrl, name, url.toString());
  }

  /** Runs one query on this database. */
  async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return withClient(this.url, async (client) => (await client.query<T>(text, params)).rows);
  }

  /** This database's counters, and the server's WAL written so far (`pg_stat_wal` counts the whole server). */
  async stats(): Promise<{ commits: number; inserted: number; updated: number; walBytes: number }> {
    return withClient(this.adminUrl, async (admin) => {
      const { rows } = await admin.query<{ commits: string; inserted: string; updated: string; wal_bytes: string }>(
        `SELECT xact_commit AS commits, tup_inserted AS inserted, tup_updated AS updated, (SELECT wal_bytes FROM pg_stat_wal) AS wal_bytes
           FROM pg_stat_database WHERE datname = $1`,
        [this.name],
      );
      const row = rows[0]!;
      return {
        commits: Number(row.commits),
        inserted: Number(row.inserted),
        updated: Number(row.updated),
        walBytes: Number(row.wal_bytes),
      };
    });
  }

  /** Process ids of the backends serving this database (the service's pool). */
  async backends(): Promise<number[]> {
    return withClient(this.adminUrl, async (admin) => {
      const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.name]);
      return rows.map((r) => r.pid);
    });
  }

  async drop(): Promise<void> {
    await withClient(this.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** BullMQ's keys for this run's prefix, so a run leaves nothing behind in Redis. */
export async function removeJobKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
