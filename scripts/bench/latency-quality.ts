// How good the findings of a latency run are, by the scene's truth: a
// finding is clean when at least four of its sources and three in four of
// them are pulses of one shot; others rest on pulses of several shots (a
// ghost: a point that leftovers of many shots happen to fit).

export type ScoredFinding = { at: number; sources: readonly number[] };

export type FindingQuality = {
  /** Findings resting on at least one pulse of the stream. */
  findings: number;
  clean: number;
  /** Shots with at least four pulses in the stream. */
  eligible: number;
  /** Shots with a clean finding. */
  shotsClean: number;
  /**
   * Per shot with a clean finding: from the acknowledgement of its last
   * pulse in a clean finding of it to the first clean finding holding that
   * pulse, in the units of `at` and `ackAt` (ascending).
   */
  latencies: Float64Array;
};

/**
 * The shot a finding rests on when clean: given the shot of each of its
 * sources (undefined for one of no shot), the shot of at least four of
 * them and of three in four; else undefined.
 */
export function shotOfClean<T>(
  shots: readonly (T | undefined)[]
): T | undefined {
  const count = new Map<T, number>();
  for (const shot of shots) {
    if (shot !== undefined) count.set(shot, (count.get(shot) ?? 0) + 1);
  }
  let best: [T, number] | undefined;
  for (const c of count) if (best === undefined || c[1] > best[1]) best = c;
  if (best === undefined || best[1] < 4 || best[1] < 0.75 * shots.length) {
    return undefined;
  }
  return best[0];
}

export function judgeFindings(
  findings: readonly ScoredFinding[],
  /** Per pulse of the stream: its shot, its log index (< 0: not logged), its ack time. */
  pulses: readonly { shot: number; index: number; ackAt: number }[]
): FindingQuality {
  const byIndex = new Map<number, number>();
  const perShot = new Map<number, number>();
  pulses.forEach((p, k) => {
    if (p.index < 0) return;
    byIndex.set(p.index, k);
    perShot.set(p.shot, (perShot.get(p.shot) ?? 0) + 1);
  });
  let counted = 0;
  let clean = 0;
  // Shot -> pulse k -> first clean finding holding it.
  const seen = new Map<number, Map<number, number>>();
  for (const f of findings) {
    const ks = f.sources
      .map((s) => byIndex.get(s))
      .filter((k): k is number => k !== undefined);
    if (ks.length === 0) continue;
    counted++;
    const shot = shotOfClean(
      f.sources.map((s) => {
        const k = byIndex.get(s);
        return k === undefined ? undefined : pulses[k]!.shot;
      })
    );
    if (shot === undefined) continue;
    clean++;
    let mine = seen.get(shot);
    if (mine === undefined) seen.set(shot, (mine = new Map()));
    for (const k of ks) {
      if (pulses[k]!.shot !== shot) continue;
      const at = mine.get(k);
      if (at === undefined || f.at < at) mine.set(k, f.at);
    }
  }
  const latencies: number[] = [];
  for (const mine of seen.values()) {
    let last = -1;
    for (const k of mine.keys()) {
      if (last < 0 || pulses[k]!.ackAt > pulses[last]!.ackAt) last = k;
    }
    latencies.push(Math.max(0, mine.get(last)! - pulses[last]!.ackAt));
  }
  return {
    findings: counted,
    clean,
    eligible: [...perShot.values()].filter((n) => n >= 4).length,
    shotsClean: seen.size,
    latencies: Float64Array.from(latencies).sort(),
  };
}
