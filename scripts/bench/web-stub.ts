// The stub API bench:web serves the dashboard from: the built app, the few
// routes the map page reads, and the findings pre-encoded so the stub's
// own work is not part of the page's time.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.png': 'image/png',
};

/** A blank canvas page that records its first paint (the machine's floor). */
const BLANK = `<!doctype html><canvas id=c width=1366 height=900></canvas><script>
const ctx = document.getElementById('c').getContext('2d'); ctx.fillRect(0, 0, 10, 10);
requestAnimationFrame(() => requestAnimationFrame(() => { window.painted = performance.now(); }));
</script>`;

/** Pages of a real server's size, newest first, with the `before` cursor of each. */
export const PAGE_SIZE = 10_000;

type Feature = { properties: { index: number } };

const encode = (features: readonly unknown[]) =>
  Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));

/**
 * Serves `dist` and the API. Under `/empty/` the API has no findings;
 * under `/paged/` GET /v1/findings answers as a server does (at most
 * PAGE_SIZE, older pages by `before=<index>`); elsewhere it sends every
 * finding in one answer.
 */
export function startStub(dist: string, features: readonly Feature[]) {
  const all = encode(features);
  // The features come newest first; page k+1 is asked for with the
  // lowest index of page k.
  const pages = new Map<string, Buffer>();
  for (let at = 0; at <= features.length; at += PAGE_SIZE) {
    const cursor = at === 0 ? '' : String(features[at - 1]!.properties.index);
    pages.set(cursor, encode(features.slice(at, at + PAGE_SIZE)));
  }
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    let path = url.pathname;
    const mode = /^\/(empty|paged)\//.exec(path)?.[1];
    if (mode !== undefined) path = path.slice(mode.length + 1);
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
      });
      response.end(body);
    };
    if (path === '/v1/findings') {
      const body =
        mode === 'empty'
          ? encode([])
          : mode === 'paged'
            ? (pages.get(url.searchParams.get('before') ?? '') ?? encode([]))
            : all;
      return send(200, 'application/geo+json', body);
    }
    if (path === '/v1/sensors')
      return send(200, 'application/json', '{"sensors":[]}');
    if (path === '/blank.html') return send(200, 'text/html', BLANK);
    if (path.startsWith('/v1/') || path.startsWith('/log/')) {
      return send(
        404,
        'application/json',
        '{"code":"NOT_FOUND","message":"stub"}'
      );
    }
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return send(404, 'text/plain', 'no');
    try {
      send(
        200,
        TYPES[extname(file)] ?? 'application/octet-stream',
        readFileSync(file)
      );
    } catch {
      send(404, 'text/plain', 'no');
    }
  });
  return new Promise<{ url: string; bytes: number; close: () => void }>((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      ok({
        url: `http://127.0.0.1:${port}`,
        bytes: all.length,
        close: () => server.close(),
      });
    })
  );
}
