/**
 * The dashboard's settings, read once at start (STYLE §5.19). The API is
 * the server that serves the page unless `?api=<url>` names another (the
 * Vite dev server, a mirror); nothing else reads the location or env.
 */
export type WebConfig = Readonly<{
  /** Base URL of the Truce server, no trailing slash ('' = same origin). */
  apiBase: string;
  /**
   * Findings asked for per request (the server's page limit is 10,000);
   * older pages follow with the `before` cursor. `?pageSize=<n>` sets it.
   */
  findingsLimit: number;
  /** How often to poll /v1/findings when /v1/events is not available. */
  pollIntervalMs: number;
  /** Findings listed under the map (the map draws all of them). */
  listLength: number;
  /** How often the map reads the sensors' health again. */
  sensorRefreshMs: number;
}>;

function apiBaseFrom(search: string): string {
  const api = new URLSearchParams(search).get('api');
  if (api === null || !/^https?:\/\//.test(api)) return '';
  return api.replace(/\/+$/, '');
}

function pageSizeFrom(search: string): number {
  const n = Number(new URLSearchParams(search).get('pageSize'));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 10_000;
}

export function readConfig(location: { search: string }): WebConfig {
  return Object.freeze({
    apiBase: apiBaseFrom(location.search),
    findingsLimit: pageSizeFrom(location.search),
    pollIntervalMs: 10_000,
    listLength: 200,
    sensorRefreshMs: 60_000,
  });
}
