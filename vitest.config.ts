import { defineConfig } from 'vitest/config';

// Tests run from source: the `@truce/source` export condition points every
// workspace package at its `src/index.ts`, so nothing is rebuilt to test.
export default defineConfig({
  resolve: { conditions: ['@truce/source'] },
  ssr: { resolve: { conditions: ['@truce/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/{src,test}/**/*.test.ts'],
    setupFiles: ['packages/testing/src/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
