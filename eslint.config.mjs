// Lint rules, including the architecture rule that keeps the domain core pure: nothing in src/core may
// import NestJS, Prisma, BullMQ, Redis or any other layer of the service.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'src/generated/', 'openapi/corridor.d.ts', '.corridor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.js', 'scripts/*.mjs', 'test/support/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Nest decorators and Prisma's JSON columns hand us `any` at the edges; narrowing is done where it matters.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Handlers implement async interfaces (job handlers, Nest hooks) whether or not they await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='only']", message: 'it.only must not be committed' },
        {
          selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']",
          message: 'describe.only must not be committed',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'pg', '@electric-sql/*', 'express'],
              message: 'The domain core is pure: no framework, database or queue imports.',
            },
            {
              group: ['**/modules/**', '**/adapters/**', '**/generated/**', '**/config/**', '**/cli/**'],
              message: 'The domain core imports only itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        WebAssembly: 'readonly',
        module: 'readonly',
        require: 'readonly',
      },
    },
  },
);
