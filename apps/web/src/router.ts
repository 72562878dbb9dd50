/** The dashboard's pages, addressed by the URL hash so any static host serves them. */
export type Route =
  | { page: 'map' }
  | { page: 'finding'; id: string }
  | { page: 'coalition' }
  | { page: 'log' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const finding = /^\/findings\/([0-9a-f]{64})$/.exec(path);
  if (finding !== null) return { page: 'finding', id: finding[1]! };
  if (path === '/coalition') return { page: 'coalition' };
  if (path === '/log') return { page: 'log' };
  return { page: 'map' };
}
