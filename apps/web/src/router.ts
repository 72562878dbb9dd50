/** The dashboard's pages, addressed by the URL hash so any static host serves them. */
/** A map view to open on: centre and zoom. */
export type MapAt = { lat: number; lon: number; zoom: number };

export type Route =
  | { page: 'map'; at?: MapAt }
  | { page: 'finding'; id: string }
  | { page: 'coalition' }
  | { page: 'log' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const finding = /^\/findings\/([0-9a-f]{64})$/.exec(path);
  if (finding !== null) return { page: 'finding', id: finding[1]! };
  if (path === '/coalition') return { page: 'coalition' };
  if (path === '/log') return { page: 'log' };
  // `#/@lat,lon,zoom`: a place on the map, linkable from a finding's page.
  const at = /^\/@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(\d{1,2})$/.exec(path);
  if (at !== null) {
    const [lat, lon, zoom] = [Number(at[1]), Number(at[2]), Number(at[3])];
    if (Math.abs(lat) <= 85 && Math.abs(lon) <= 180 && zoom <= 18) {
      return { page: 'map', at: { lat, lon, zoom } };
    }
  }
  return { page: 'map' };
}
