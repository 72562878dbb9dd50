import type { FindingFeature, FindingsQuery } from '@truce/protocol';
import type { FindingLedger } from '../findings/finding-ledger.js';
import { findingFeature, matchesQuery } from '../findings/finding-view.js';

/**
 * `GET /v1/findings?before=<index>`: like `queryFindings`, newest first and
 * at most `limit`, but only findings logged below `before`, so a client
 * pages through every finding by passing the lowest index of each full
 * page. The cursor is a log index, which never changes once assigned: a
 * finding logged meanwhile is above every cursor and never shifts a page.
 */
export function queryFindingsBefore(
  ledger: FindingLedger,
  query: FindingsQuery & { before: number },
  witnessed: number
): FindingFeature[] {
  const all = ledger.all();
  // `all` is in log order: start below the cursor by binary search.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.index < query.before) lo = mid + 1;
    else hi = mid;
  }
  const out: FindingFeature[] = [];
  for (let i = lo - 1; i >= 0 && out.length < query.limit; i--) {
    const logged = all[i]!;
    if (logged.supersededBy !== undefined) continue;
    const feature = findingFeature(ledger, logged, witnessed);
    if (matchesQuery(feature, query)) out.push(feature);
  }
  return out;
}
