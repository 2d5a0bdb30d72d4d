import { defineConfig } from 'prisma/config';

// `env('DATABASE_URL')` would throw when the variable is unset, and `prisma generate` needs no database,
// so the URL is read straight from the environment.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
