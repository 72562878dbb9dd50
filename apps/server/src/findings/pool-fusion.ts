import type { FuseInput, FusionOptions, LocatedEvent } from '@truce/core';
import { fuseObservations } from '@truce/core';
import type {
  ObservationWindow,
  WindowObservation,
} from './observation-window.js';

/** Reports fused with every pool: they corroborate or locate events. */
export const POOL_REPORT_KINDS: ReadonlySet<string> = new Set([
  'radar',
  'imagery',
  'patrol',
  'weather',
]);

/**
 * Fuses the pool: the window's acoustic pulses at or after `fromMicros`
 * (the newest `maxPool` of them) and its radar, imagery, patrol and
 * weather reports, less those `skip` names (already in an event, or
 * retired). No sensors are passed as `listening`: the pool lacks the
 * pulses already in events, so their sensors would look silent; small
 * events are judged with the silences later (LiveFusion's held-back
 * events, with every pulse near their arrivals).
 */
export function fusePool(input: {
  window: ObservationWindow;
  fromMicros: number;
  maxPool: number;
  skip: (index: number) => boolean;
  fusion?: FusionOptions;
  /** Sources located before (open events): hypotheses to try first. */
  sites?: FuseInput['sites'];
}): { pulses: WindowObservation[]; events: LocatedEvent[] } {
  const pulses: WindowObservation[] = [];
  const reports: WindowObservation[] = [];
  for (const o of input.window.values()) {
    if (input.skip(o.index)) continue;
    const kind = o.observation.kind;
    if (kind === 'acoustic') {
      if (o.timeMicros >= input.fromMicros) pulses.push(o);
    } else if (POOL_REPORT_KINDS.has(kind)) reports.push(o);
  }
  if (pulses.length > input.maxPool) {
    pulses.sort((a, b) => b.timeMicros - a.timeMicros || b.index - a.index);
    pulses.length = input.maxPool;
  }
  const fused = fuseObservations({
    observations: [...pulses, ...reports],
    partialStreams: true,
    ...(input.sites === undefined ? {} : { sites: input.sites }),
    ...(input.fusion === undefined ? {} : { params: input.fusion }),
  });
  return { pulses, events: fused.events };
}
