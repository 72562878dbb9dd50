import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// STYLE §30: core has a 100 % branch-coverage gate (`npm run test:coverage`,
// part of `npm test`). Every folder of packages/core/src is held at 100 %
// except these, debt held at its measured floor (rounded down) so that it
// can only go up. Measured 2026-11-26 with core's own tests: fusion
// 89.87 % and sim 92.37 % (327/354); raise these numbers as tests land.
const CORE_BRANCH_DEBT: Record<string, number> = {
  fusion: 89,
  sim: 92,
};

// Every folder, read from disk, so that a new one is gated from the start.
const CORE_SRC = new URL('packages/core/src', import.meta.url);
const CORE_FOLDERS = readdirSync(CORE_SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// A glob key sums the branches of all files it matches, so each folder is
// gated as a whole; `*.ts` keeps the root files (bytes.ts, hash.ts) at 100 %.
const coreBranchThresholds = Object.fromEntries([
  ['packages/core/src/*.ts', { branches: 100 }],
  ...CORE_FOLDERS.map((folder) => [
    `packages/core/src/${folder}/**`,
    { branches: CORE_BRANCH_DEBT[folder] ?? 100 },
  ]),
]);

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
    // On only with --coverage (`npm run test:coverage`): core's own tests must
    // cover core, so the apps' tests never count towards the gate.
    coverage: {
      provider: 'v8',
      include: ['packages/core/src/**/*.ts'],
      // Test support, not product code: fixtures and the evidence cases are
      // imported by tests only (none is exported from core's index).
      exclude: [
        'packages/core/src/**/*.test.ts',
        'packages/core/src/**/*-fixture.ts',
        'packages/core/src/evidence/evidence-case-kit.ts',
        'packages/core/src/evidence/evidence-cases.ts',
      ],
      reporter: ['text-summary', ['text', { skipFull: true }]],
      thresholds: coreBranchThresholds,
    },
  },
});
