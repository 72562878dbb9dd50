import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '.bench/**',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Core is pure and browser-safe: no Node built-ins, no I/O libraries,
    // nothing from the apps (STYLE §2.5).
    files: ['packages/core/src/**/*.ts', 'packages/report/src/**/*.ts'],
    ignores: [
      'packages/core/src/**/*.test.ts',
      'packages/report/src/**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'core must stay browser-safe' },
            {
              group: [
                'fastify',
                'pg',
                'better-sqlite3',
                '@truce/server',
                '@truce/cli',
              ],
              message: 'core must not depend on I/O or apps',
            },
            {
              group: ['**/index', '**/index.js'],
              message: 'import siblings directly, not the barrel',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'use Uint8Array in core' },
        { name: 'process', message: 'core takes configuration as parameters' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'pass the clock in' },
        { object: 'Math', property: 'random', message: 'pass randomness in' },
      ],
    },
  },
  {
    files: ['apps/cli/src/**/*.ts', 'scripts/**/*.ts', 'apps/*/bin/**/*.js'],
    rules: { 'no-console': 'off' },
  }
);
