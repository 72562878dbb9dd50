// Builds the dashboard (apps/web) with Vite when apps/web/dist is missing
// or older than anything it is built from, so `npm start` serves a current
// dashboard without rebuilding it every time. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds apps/web/dist unless it is current (or always, with force). */
export async function ensureWeb({ force = false, log = () => {} } = {}) {
  if (!force && !webBuildIsStale()) return false;
  log('building the dashboard (apps/web) with Vite...');
  // Vite 7 is the dashboard's own dependency (apps/web/node_modules).
  const vite = pathToFileURL(join(WEB, 'node_modules/vite/dist/node/index.js'));
  const { build } = await import(vite.href);
  await build({
    configFile: join(WEB, 'vite.config.ts'),
    root: WEB,
    logLevel: 'warn',
  });
  return true;
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
