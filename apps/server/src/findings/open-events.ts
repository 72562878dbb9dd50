import type { FusionParams, LocatedEvent } from '@truce/core';
import { celsius, gridCellKey, soundSpeedFromTemperature } from '@truce/core';

/** An acoustic event that later pulses may still join. */
export type OpenEvent = {
  sources: number[];
  position: readonly [number, number];
  altitudeM: number;
  timeMicros: number;
  /** Pulses gated to it since it was last refused. */
  pending: number[];
  /** Counts openings: a later event has a larger serial. */
  serial: number;
  /** The run in which its oldest pending pulse was gated to it. */
  pendingSince: number;
  /**
   * The speed of sound its own arrivals show; the gate then needs less
   * slack. Undefined: the gate's assumed speed.
   */
  speed?: OwnSpeed;
  /** Counts additions, moves included: changed later, a larger stamp. */
  stamp: number;
};

/**
 * An event's speed of sound as its own arrivals show it: the median over
 * its sources of distance over travel time, m/s (wind and weather
 * included), and how far those speeds stray from it, relative (the largest
 * deviation: where wind makes the speed differ by direction, the gate
 * widens by as much).
 */
export type OwnSpeed = { speedMs: number; spread: number };

/** A pulse as the gate sees it: its sensor's position and its time. */
export type GatePulse = {
  position: readonly [number, number] | readonly [number, number, number];
  timeMicros: number;
};

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQ = 111_320;

/** Metres between two WGS84 points, by a local flat-earth approximation. */
export function approxDistanceM(
  a: readonly [number, number],
  altA: number,
  b: GatePulse['position']
): number {
  const east =
    (b[0] - a[0]) * M_PER_DEG_LON_EQ * Math.cos((a[1] * Math.PI) / 180);
  const north = (b[1] - a[1]) * M_PER_DEG_LAT;
  return Math.hypot(east, north, (b[2] ?? altA) - altA);
}

export type GateSettings = {
  /** Farthest a sensor hears an event, metres (fusion's maxRangeM). */
  maxRangeM: number;
  /** The speed of sound assumed for the gate, m/s. */
  speedMs: number;
  /** Fixed slack, seconds, plus `relativeSlack` of the travel time. */
  slackS: number;
  relativeSlack: number;
  /**
   * The same, for an event whose arrivals gave its speed: the relative
   * slack is at least `fitRelativeSlack`, else `spreadFactor` times the
   * spread of those arrivals' speeds.
   */
  fitSlackS: number;
  fitRelativeSlack: number;
  spreadFactor: number;
};

/**
 * The acoustic events of the last seconds, in cells of about `maxRangeM`,
 * so a new pulse is tested only against events near its sensor. The gate
 * is loose on purpose (speed of sound within a few per cent, a fixed slack
 * for the event's time): it only picks which event to refuse with the
 * pulse; fusion then decides whether the pulse joins.
 */
export class OpenEvents {
  readonly #cells = new Map<number, OpenEvent[]>();
  readonly #s: GateSettings;
  readonly #cellDeg: number;
  #count = 0;
  #serial = 0;
  #stamp = 0;

  constructor(settings: GateSettings) {
    this.#s = settings;
    this.#cellDeg = settings.maxRangeM / M_PER_DEG_LAT;
  }

  get size(): number {
    return this.#count;
  }

  // Numeric keys (gridCellKey), unique while |cy| < 2^25: any maxRangeM
  // above a metre.
  #key(lon: number, lat: number): number {
    return gridCellKey(
      Math.floor(lon / this.#cellDeg),
      Math.floor(lat / this.#cellDeg)
    );
  }

  add(
    event: LocatedEvent,
    sources: readonly number[],
    speed?: OwnSpeed,
    serial = ++this.#serial
  ): OpenEvent {
    const open: OpenEvent = {
      sources: [...sources],
      position: event.position,
      altitudeM: event.altitudeM ?? 0,
      timeMicros: event.timeMicros,
      pending: [],
      serial,
      pendingSince: 0,
      stamp: ++this.#stamp,
      ...(speed === undefined ? {} : { speed }),
    };
    this.#insert(open);
    return open;
  }

  #insert(open: OpenEvent): void {
    const key = this.#key(open.position[0], open.position[1]);
    const cell = this.#cells.get(key);
    if (cell === undefined) this.#cells.set(key, [open]);
    else cell.push(open);
    this.#count++;
  }

  /** The stamp of the latest addition or move. */
  get stamp(): number {
    return this.#stamp;
  }

  /**
   * The events added or moved after stamp `stamp` alone (the same
   * objects, to attach pulses to): a pulse that fit none of the events
   * when it was last matched can fit only these, and matching many pulses
   * against the few of them costs little, where the whole set has every
   * event of two pool reaches in each cell.
   */
  changedSince(stamp: number): OpenEvents {
    const view = new OpenEvents(this.#s);
    for (const cell of this.#cells.values()) {
      for (const e of cell) if (e.stamp > stamp) view.#insert(e);
    }
    return view;
  }

  /**
   * Moves an event after a refuse located it again. It keeps its serial:
   * it is the same event, so the pulses its refuse rejected (retired with
   * the serial of that moment) are not gated to it again, which would
   * refuse it again at every pool fusion until it closed.
   */
  update(
    open: OpenEvent,
    event: LocatedEvent,
    sources: readonly number[],
    speed?: OwnSpeed
  ) {
    this.remove(open);
    return this.add(event, sources, speed ?? open.speed, open.serial);
  }

  remove(open: OpenEvent): void {
    const key = this.#key(open.position[0], open.position[1]);
    const cell = this.#cells.get(key);
    const at = cell?.indexOf(open) ?? -1;
    if (at < 0) return;
    cell!.splice(at, 1);
    if (cell!.length === 0) this.#cells.delete(key);
    this.#count--;
  }

  /** The serial the next opened event gets exceeds this one. */
  get serial(): number {
    return this.#serial;
  }

  /**
   * The gate of event `e` at a sensor at `position`: its distance (m),
   * the predicted arrival and the slack around it (µs since the epoch,
   * µs). By the event's own speed with the tight slack when it has one
   * (or when `tight`), else by the assumed speed with the wide slack.
   */
  gate(
    e: OpenEvent,
    position: GatePulse['position'],
    tight = e.speed !== undefined
  ): { distanceM: number; atMicros: number; slackMicros: number } {
    const s = this.#s;
    const distanceM = approxDistanceM(e.position, e.altitudeM, position);
    const travelS = distanceM / (e.speed?.speedMs ?? s.speedMs);
    const relative = Math.max(
      s.fitRelativeSlack,
      s.spreadFactor * (e.speed?.spread ?? 0)
    );
    const slackS = tight
      ? s.fitSlackS + relative * travelS
      : s.slackS + s.relativeSlack * travelS;
    return {
      distanceM,
      atMicros: e.timeMicros + travelS * 1e6,
      slackMicros: slackS * 1e6,
    };
  }

  /**
   * The open event whose predicted arrival at the pulse's sensor fits
   * best, among those opened after serial `after` and not `excluded`.
   */
  match(
    pulse: GatePulse,
    after = 0,
    excluded?: (e: OpenEvent) => boolean
  ): OpenEvent | undefined {
    const s = this.#s;
    const [lon, lat] = pulse.position;
    const cx = Math.floor(lon / this.#cellDeg);
    const cy = Math.floor(lat / this.#cellDeg);
    // Cells are square in degrees: a degree of longitude is shorter.
    const wide = Math.ceil(1 / Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
    let best: OpenEvent | undefined;
    let bestMiss = Infinity;
    for (let dx = -wide; dx <= wide; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const e of this.#cells.get(gridCellKey(cx + dx, cy + dy)) ?? []) {
          if (e.serial <= after || excluded?.(e) === true) continue;
          const g = this.gate(e, pulse.position);
          if (g.distanceM > s.maxRangeM) continue;
          const miss = Math.abs(pulse.timeMicros - g.atMicros);
          if (miss <= g.slackMicros && miss < bestMiss) {
            best = e;
            bestMiss = miss;
          }
        }
      }
    }
    return best;
  }

  /** Closes events older than `beforeMicros`: no pulse can still join them. */
  close(beforeMicros: number): void {
    for (const [key, cell] of this.#cells) {
      const keep = cell.filter((e) => e.timeMicros >= beforeMicros);
      this.#count -= cell.length - keep.length;
      if (keep.length === 0) this.#cells.delete(key);
      else this.#cells.set(key, keep);
    }
  }

  /** Gates a pulse to an event in run `run`. */
  attach(open: OpenEvent, index: number, run: number): void {
    if (open.pending.length === 0) open.pendingSince = run;
    open.pending.push(index);
  }

  /** Every open event, in no particular order. */
  all(): OpenEvent[] {
    const out: OpenEvent[] = [];
    for (const cell of this.#cells.values()) out.push(...cell);
    return out;
  }

  /** Every open event with pulses waiting, and clears nothing. */
  touched(): OpenEvent[] {
    const out: OpenEvent[] = [];
    for (const cell of this.#cells.values()) {
      for (const e of cell) if (e.pending.length > 0) out.push(e);
    }
    return out;
  }
}

/**
 * Open events gated for fusion's parameters: the speed of sound at the
 * default temperature, 0.3 s plus 8 % of the travel time of slack; for an
 * event with its own speed, 20 ms plus 0.5 % of the travel time, or 1.5
 * times the spread of its arrivals' speeds where that is more (wind makes
 * the speed differ by direction; the spread also shows the event's own
 * error). Of the pulses the earlier 0.1 s plus 2 % took to an event at
 * 1,000 detections/s on the latency bench's front, refusions rejected 98 %
 * of those more than 20 ms off and kept 74 % of the rest; with this gate,
 * once rejected pulses no longer came back, the engine fused 1,661 -> 2,321
 * detections/s per core and 1,288 -> 1,328 of 1,566 shots heard 4+ times
 * got a clean finding. On the simulator's field network (an hour each of
 * medium seeds 7001-7006, hard 7001-7003) it found as many fires with a
 * clean finding (225 against 214 and 55 against 55) and fewer mixed ones
 * (65 against 80 medium), for 8 % less CPU.
 */
export function openEventsFor(params: FusionParams): OpenEvents {
  return new OpenEvents({
    maxRangeM: params.acoustic.maxRangeM,
    speedMs: soundSpeedFromTemperature(
      celsius(params.acoustic.defaultTemperatureC)
    ),
    slackS: 0.3,
    relativeSlack: 0.08,
    fitSlackS: 0.02,
    fitRelativeSlack: 0.005,
    spreadFactor: 1.5,
  });
}
