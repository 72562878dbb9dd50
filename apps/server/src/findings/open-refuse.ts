import type { Finding, FusionParams, LocatedEvent } from '@truce/core';
import { fuseAndJudge } from './finding-refuse.js';
import type { JudgeSettings } from './finding-refuse.js';
import type { WindowObservation } from './observation-window.js';
import type { OpenEvent } from './open-events.js';
import type { WeatherContext } from './weather-context.js';

/**
 * Fuses an open event's sources with the pulses gated to it, and their
 * weather context, alone: the event as located again (the acoustic event
 * sharing most of its sources), the findings, and which findings rest on
 * exactly the pulses fused, so that their evidence file holds the very
 * input they were fused from and they can be logged as they are.
 */
export function refuseOpenEvent(
  open: OpenEvent,
  observations: readonly (WindowObservation | undefined)[],
  input: JudgeSettings & {
    weather: WeatherContext;
  },
  params: FusionParams
): {
  best: LocatedEvent | undefined;
  findings: Finding[];
  exact: (f: Finding) => boolean;
} {
  const held = observations.filter(
    (o): o is WindowObservation => o !== undefined
  );
  const set = new Set(held.map((o) => o.index));
  const context = input.weather.contextOf(
    held.map((o) => o.timeMicros),
    set,
    Number.MAX_SAFE_INTEGER,
    params
  );
  const { events, findings } = fuseAndJudge([...held, ...context], input);
  const overlap = (s: readonly number[]) =>
    s.filter((i) => open.sources.includes(i)).length;
  const best = events
    .filter((e) => e.sensorKinds.includes('acoustic'))
    .sort((a, b) => overlap(b.sources) - overlap(a.sources))[0];
  const exact = (f: Finding) => {
    const s = f.properties.sources;
    return s.length === set.size && s.every((i) => set.has(i));
  };
  return { best, findings, exact };
}
