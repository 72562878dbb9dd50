import type { Loaded } from '../api/http.js';

/** The panel shown in place of data an endpoint did not give. */
export function Unavailable({
  what,
  loaded,
}: {
  what: string;
  loaded: Exclude<Loaded<unknown>, { state: 'ok' }>;
}) {
  return (
    <div class="notice" role="note" data-unavailable>
      <strong>{what} is not available</strong>
      {loaded.state === 'unavailable'
        ? ` on this server (HTTP ${loaded.status}).`
        : `: ${loaded.message}`}
    </div>
  );
}
