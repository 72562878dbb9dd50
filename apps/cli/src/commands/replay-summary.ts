import type {
  ReplayResult,
  ScoreTruthFire,
  ScoreTruthWeapon,
} from '@truce/core';
import {
  DEFAULT_SCORE_TOLERANCE,
  base64Encode,
  scoreReplay,
} from '@truce/core';

export type ReplaySummaryInput = {
  bundle: string;
  out: string;
  result: ReplayResult;
  log: { origin: string; size: number; rootHash: Uint8Array; tiles: number };
  truth?: { fires: ScoreTruthFire[]; weapons: ScoreTruthWeapon[] };
};

/** `a 3, b 1` in descending count, then by name. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const rows = [...counts].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)
  );
  return rows.length === 0
    ? 'none'
    : rows.map(([k, n]) => `${k} ${n}`).join(', ');
}

const share = (x: number) => x.toFixed(3);

/** The lines `truce replay` prints on stdout. */
export function replaySummary(input: ReplaySummaryInput): string[] {
  const { result, log } = input;
  const { layout, rejected, findings, events, gaps } = result;
  const received = layout.observations + rejected.length;
  const lines = [
    `replayed ${input.bundle}: ${received} envelopes, ${layout.observations} admitted, ${rejected.length} rejected${rejected.length === 0 ? '' : ` (${tally(rejected.map((r) => r.code))})`}`,
    `log: ${log.size} entries (${layout.agreementIndex} sensor registrations, 1 agreement, ${layout.observations} observations, ${findings.length} findings), origin ${log.origin}, root ${base64Encode(log.rootHash)}`,
    `events: ${events.length} (${tally(events.map((e) => e.kind))}), ${gaps.length} monitoring gaps`,
    `findings: ${findings.length}; by rule: ${tally(findings.map((f) => f.properties.rule))}`,
    `  by party: ${tally(findings.map((f) => f.properties.attribution.party ?? 'none'))}`,
  ];
  if (input.truth !== undefined) {
    const score = scoreReplay({ events, findings, truth: input.truth });
    const { fires, attribution: a } = score;
    const tol = DEFAULT_SCORE_TOLERANCE;
    lines.push(
      `truth (within ${tol.distanceM} m and ${tol.timeS} s): fire events recall ${share(fires.recall)} (${fires.matched}/${fires.truth} fires), precision ${share(fires.precision)} (${fires.matched}/${fires.events} events)`,
      `  right party ${share(a.share)} (${a.right}/${a.attributed} attributed fire and weapons findings that match truth; ${a.matched - a.attributed} more name no party)`
    );
  }
  lines.push(
    `wrote ${input.out}: findings.geojson, rejected.json, engine.json, log/ (checkpoint, vkey, ${log.tiles} tiles)`
  );
  return lines;
}
