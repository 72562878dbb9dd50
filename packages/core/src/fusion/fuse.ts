import { CoreError } from '../errors.js';
import type { Observation, ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { SensorRecord } from '../registry/sensor.js';
import {
  locateAcousticEvents,
  type AcousticInput,
  type LocatedSite,
} from './acoustic-events.js';
import { imageryEvents, patrolEvents, radarEvents } from './candidates.js';
import { corroborateEvents } from './corroborate.js';
import { toLocatedEvents } from './event-output.js';
import { fusionFrameAt } from './frame.js';
import type { FrameEvent } from './fused-event.js';
import { findMonitoringGaps, type GapWindow } from './gaps.js';
import type { LocatedEvent, MonitoringGap } from './located-event.js';
import { pairLaunchesAndImpacts } from './pairing.js';
import {
  FUSION_ALGORITHM_VERSION,
  resolveFusionParams,
  type FusionOptions,
  type FusionParams,
} from './params.js';
import { propagationModel, type FusionWeather } from './propagation.js';
import { wgs84FromLonLat, wgs84Point } from './units.js';

/** What fusion needs of a sensor's registry record. */
export type FusionSensor = Pick<
  SensorRecord,
  'id' | 'kind' | 'position' | 'timingSigmaS'
>;

/** One logged observation, with its log index and its sensor's record. */
export type FusionObservation = {
  index: number;
  observation: Observation;
  sensor: FusionSensor;
};

export type { LocatedSite } from './acoustic-events.js';

export type FuseInput = {
  observations: readonly FusionObservation[];
  /** Weather to use where no weather observation covers an event. */
  weather?: FusionWeather;
  params?: FusionOptions;
  /** The span looked at, so silences at its edges are gaps too. */
  window?: GapWindow;
  /**
   * Acoustic sensors that were listening though their pulses may be
   * absent (already explained, as in the live engine's pool of leftover
   * pulses), each with the time up to which its pulses are all in: an
   * acoustic hypothesis it should have heard by then and did not loses
   * likelihood by the detection model, as it would if all its pulses were
   * there; one it would hear later is neither heard nor missed. Sensors of
   * other kinds are ignored. Without it every pulse counts as in.
   */
  listening?: readonly { sensor: FusionSensor; untilMicros: number }[];
  /**
   * Sources located before, as the live engine's open events: each is
   * tried as where a pulse's source may be, if the pulse's sensor is in
   * hearing range (`maxRangeM`) and the pulse would have left it within
   * 10 s of its emission, after the sites of groups this association
   * accepted and before any triple of pulses (a salvo's launcher fires
   * again from where its last round was located). They only propose
   * hypotheses; no score counts them, and no event is made of them.
   * Without it only this association's own sites are tried.
   */
  sites?: readonly LocatedSite[];
  /**
   * Whether the acoustic observations are a selection of each sensor's
   * pulses over their span (the live engine's pool, which lacks the pulses
   * of its open events) rather than all of them: seeds then ignore where a
   * pulse stands in its sensor's pulse train, which holes would misstate.
   */
  partialStreams?: boolean;
};

export type FuseResult = {
  events: LocatedEvent[];
  gaps: MonitoringGap[];
  /** Log indexes of acoustic observations in no event, ascending. */
  unassociated: number[];
  algorithm: { version: string; params: FusionParams };
};

function invalid(message: string): never {
  throw new CoreError('FUSION_INPUT_INVALID', message);
}

/** Checks each site: a longitude, latitude (and height) and a time in µs. */
function checkSites(sites: readonly LocatedSite[]): void {
  sites.forEach((s, i) => {
    const [lon, lat, h] = s.position;
    if (
      !(Math.abs(lon) <= 180 && Math.abs(lat) <= 90) ||
      (h !== undefined && !Number.isFinite(h))
    )
      invalid(`site ${i} has no valid position`);
    if (!Number.isSafeInteger(s.timeMicros))
      invalid(`site ${i}'s time must be an integer of µs`);
  });
}

function checkObservations(
  obs: readonly FusionObservation[]
): FusionObservation[] {
  const sorted = [...obs].sort((a, b) => a.index - b.index);
  sorted.forEach((o, i) => {
    if (!Number.isSafeInteger(o.index) || o.index < 0)
      invalid('log index must be an integer ≥ 0');
    if (i > 0 && sorted[i - 1]!.index === o.index)
      invalid(`log index ${o.index} appears twice`);
    if (o.observation.sensor !== o.sensor.id)
      invalid(`observation ${o.index} is not from its sensor record`);
  });
  return sorted;
}

/** The frame origin: the mean position of the sensors (by id), unless given. */
function originOf(obs: readonly FusionObservation[], params: FusionParams) {
  if (params.origin !== undefined) return wgs84FromLonLat(params.origin);
  const byId = new Map(obs.map((o) => [o.sensor.id, o.sensor.position]));
  const ids = [...byId.keys()].sort();
  if (ids.length === 0) return wgs84Point(0, 0, 0);
  let lon = 0;
  let lat = 0;
  let h = 0;
  for (const id of ids) {
    const p = byId.get(id)!;
    lon += p[0];
    lat += p[1];
    h += p[2] ?? 0;
  }
  return wgs84Point(lon / ids.length, lat / ids.length, h / ids.length);
}

function ofKind<K extends Observation['kind']>(
  obs: readonly FusionObservation[],
  kind: K
) {
  return obs.filter(
    (o) => o.observation.kind === kind
  ) as (FusionObservation & { observation: ObservationOf<K> })[];
}

/**
 * Fuses logged observations into located events and monitoring gaps: a pure
 * function of the observations, their sensors, the weather, the parameters
 * and FUSION_ALGORITHM_VERSION, so the same inputs give the same JSON. The
 * order of `observations` does not matter; their log indexes do.
 * @example fuseObservations({ observations, params: { acoustic: { maxRangeM: 2000 } } })
 */
export function fuseObservations(input: FuseInput): FuseResult {
  const params = resolveFusionParams(input.params);
  const obs = checkObservations(input.observations);
  checkSites(input.sites ?? []);
  const frame = fusionFrameAt(originOf(obs, params));
  const acoustic: AcousticInput[] = ofKind(obs, 'acoustic').map((o) => ({
    index: o.index,
    observation: o.observation,
    sensorId: o.sensor.id,
    position: o.sensor.position,
    ...(o.sensor.timingSigmaS === undefined
      ? {}
      : { timingSigmaS: o.sensor.timingSigmaS }),
  }));
  const times = acoustic.map((a) => parseRfc3339Micros(a.observation.time));
  const ref = times.reduce((m, t) => Math.min(m, t), times[0] ?? 0);
  const propagation = propagationModel(
    ofKind(obs, 'weather'),
    input.weather,
    params.acoustic,
    ref
  );
  const heard = locateAcousticEvents(
    frame,
    acoustic,
    params.acoustic,
    ref,
    propagation,
    (input.listening ?? [])
      .filter(({ sensor }) => sensor.kind === 'acoustic')
      .map(({ sensor, untilMicros }) => ({
        sensorId: sensor.id,
        position: sensor.position,
        untilMicros,
        ...(sensor.timingSigmaS === undefined
          ? {}
          : { timingSigmaS: sensor.timingSigmaS }),
      })),
    input.sites,
    input.partialStreams === true
  );
  const events: FrameEvent[] = [...heard.events];
  const c = params.candidates;
  for (const o of ofKind(obs, 'radar'))
    events.push(...radarEvents(frame, o.observation, o.index, c));
  for (const o of ofKind(obs, 'imagery'))
    events.push(...imageryEvents(frame, o.observation, o.index, c));
  for (const o of ofKind(obs, 'patrol')) {
    const where = wgs84FromLonLat(o.observation.position ?? o.sensor.position);
    events.push(...patrolEvents(frame, o.observation, o.index, where, c));
  }
  const merged = corroborateEvents(events, params.corroboration).events;
  pairLaunchesAndImpacts(merged, params.pairing);
  const gaps = findMonitoringGaps(
    obs.map((o) => ({
      index: o.index,
      observation: o.observation,
      position: [o.sensor.position[0], o.sensor.position[1]],
    })),
    params.gaps,
    input.window
  );
  return {
    events: toLocatedEvents(frame, merged),
    gaps,
    unassociated: heard.unassociated,
    algorithm: { version: FUSION_ALGORITHM_VERSION, params },
  };
}
