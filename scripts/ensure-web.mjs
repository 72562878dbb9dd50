// Builds the dashboard (apps/web) with Vite when apps/web/dist is missing
// or older than anything it is built from, so `npm start` serves a current
// dashboard without rebuilding it every time. `--force` always builds.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const WEB = join(ROOT, 'apps/web');
const STAMP = join(WEB, 'dist/index.html');

// The dashboard's own files, the data it bundles, and the workspace
// packages it imports from source.
const INPUTS = [
  join(WEB, 'src'),
  join(WEB, 'index.html'),
  join(WEB, 'vite.config.ts'),
  join(WEB, 'package.json'),
  join(ROOT, 'data'),
  join(ROOT, 'packages/core/src'),
  join(ROOT, 'packages/protocol/src'),
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Whether dist is missing or older than its newest input. */
export function webBuildIsStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestMtime(input) > built);
}

// Test files run in parallel and each may ask for a build: one builds, the
// others wait for it and then find the build current. A lock older than
// LOCK_STALE_MS is taken to be left by a process that died.
const LOCK = join(WEB, 'node_modules/.cache/ensure-web.lock');
const LOCK_STALE_MS = 5 * 60_000;

function tryLock() {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // The holder may release it between the two calls: then try again.
    const held = existsSync(LOCK)
      ? statSync(LOCK, { throwIfNoEntry: false })
      : undefined;
    if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS) {
      rmSync(LOCK, { recursive: true, force: true });
    }
    return false;
  }
}

/** Builds apps/web/dist unless it is current (or always, with force). */
export async function ensureWeb({ force = false, log = () => {} } = {}) {
  if (!force && !webBuildIsStale()) return false;
  while (!tryLock()) await sleep(200);
  try {
    if (!force && !webBuildIsStale()) return false;
    await buildWeb(log);
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function buildWeb(log) {
  log('building the dashboard (apps/web) with Vite...');
  // Vite 7 is the dashboard's own dependency (apps/web/node_modules).
  const vite = pathToFileURL(join(WEB, 'node_modules/vite/dist/node/index.js'));
  const { build } = await import(vite.href);
  await build({
    configFile: join(WEB, 'vite.config.ts'),
    root: WEB,
    logLevel: 'warn',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const built = await ensureWeb({
    force,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (!built)
    process.stderr.write('dashboard build is current (apps/web/dist)\n');
}
