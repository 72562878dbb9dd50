import type { WeaponClass } from '../observation/weapon-class.js';
import type { FrameEvent } from './fused-event.js';
import type { PairingParams } from './params.js';
import { envelopeMisfit, WEAPON_ENVELOPES } from './weapon-physics.js';

// Classes whose rounds are heard or seen landing; small arms, drones and
// "other" are too unconstrained to pair on physics alone.
const INDIRECT: readonly WeaponClass[] = [
  'mortar',
  'tank',
  'artillery',
  'mlrs',
  'heavy_mlrs',
  'missile',
];

function longestFlightS(classes: readonly WeaponClass[]): number {
  return Math.max(
    ...classes.map(
      (c) => WEAPON_ENVELOPES[c].maxRangeM / WEAPON_ENVELOPES[c].minSpeedMs
    )
  );
}

function misfit(
  f: FrameEvent,
  i: FrameEvent,
  p: PairingParams
): number | undefined {
  const flight = (i.timeMicros - f.timeMicros) / 1e6;
  const slack = p.timeSlackS + 3 * Math.hypot(f.timeSigmaS, i.timeSigmaS);
  if (flight + slack <= 0) return undefined;
  const range = Math.hypot(i.east - f.east, i.north - f.north);
  const known = f.weaponClass ?? i.weaponClass;
  const classes = known === undefined ? INDIRECT : [known];
  let best: number | undefined;
  for (const c of classes) {
    const m = envelopeMisfit(WEAPON_ENVELOPES[c], range, flight, slack);
    if (m !== undefined && (best === undefined || m < best)) best = m;
  }
  return best;
}

/**
 * Pairs impacts with the launches they plausibly came from: the impact after
 * the launch, range and mean flight speed inside the weapon class's
 * envelope (any indirect-fire class when neither event names one). Each
 * launch and each impact pairs at most once, best fit first. Sets
 * `pairedWith` on the impacts; pairs already made (radar tracks) stay.
 */
export function pairLaunchesAndImpacts(
  events: readonly FrameEvent[],
  p: PairingParams
): void {
  const paired = new Set<FrameEvent>();
  for (const e of events)
    if (e.pairedWith !== undefined) paired.add(e).add(e.pairedWith);
  const fires = events
    .filter((e) => e.kind === 'fire' && !paired.has(e))
    .sort((a, b) => a.timeMicros - b.timeMicros);
  const impacts = events.filter((e) => e.kind === 'impact' && !paired.has(e));
  const window = longestFlightS(INDIRECT) * 1e6;
  const pairs: { f: FrameEvent; i: FrameEvent; cost: number; order: number }[] =
    [];
  impacts.forEach((i) => {
    for (const f of fires) {
      if (f.timeMicros < i.timeMicros - window) continue;
      if (f.timeMicros > i.timeMicros + 60e6) break;
      const cost = misfit(f, i, p);
      if (cost !== undefined) pairs.push({ f, i, cost, order: pairs.length });
    }
  });
  pairs.sort((x, y) => x.cost - y.cost || x.order - y.order);
  for (const { f, i } of pairs) {
    if (paired.has(f) || paired.has(i)) continue;
    i.pairedWith = f;
    paired.add(f).add(i);
  }
}
