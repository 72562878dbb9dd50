import type { LocatedEvent, MonitoringGap } from '../fusion/located-event.js';
import { linePartsOf } from '../geo/geometry.js';
import { buildLineIndex } from '../geo/line-index.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import { type Agreement, parseAgreement } from '../rules/agreement.js';
import { attributeSides, sideProbabilities } from '../rules/attribution.js';
import { termDefOf } from '../rules/term-table.js';
import type { TermContext, Violation } from '../rules/term.js';
import { type Finding, findingId } from './finding.js';
import { checkEngineInputs } from './inputs.js';
import {
  ENGINE_VERSION,
  engineParamsDigest,
  type EngineParams,
  type EngineParamsInput,
  resolveEngineParams,
} from './params.js';

export type EvaluateInput = {
  events: readonly LocatedEvent[];
  gaps?: readonly MonitoringGap[];
  agreement: Agreement;
  params?: EngineParamsInput;
};

// Findings are logged and recomputed elsewhere: fixed precision keeps the
// last bits of Math.exp and friends, which differ between engines, out of
// the bytes in all but rare rounding-boundary cases.
const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
};

// Of two violations with one id, the more confident, then the earlier,
// then the westernmost: a choice that does not depend on input order.
function preferred(a: Violation, b: Violation): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.timeMicros !== b.timeMicros) return a.timeMicros < b.timeMicros;
  if (a.position[0] !== b.position[0]) return a.position[0] < b.position[0];
  return a.position[1] < b.position[1];
}

type Sides = ReturnType<typeof sideProbabilities>;

function toFinding(
  id: string,
  v: Violation,
  ctx: TermContext,
  paramsDigest: string,
  sidesCache: Map<string, Sides>
): Finding {
  const { agreement, params, line } = ctx;
  // Rules that rest on one event share its position: integrate once.
  const key = [...v.position, ...v.covariance].join(' ');
  let sides = sidesCache.get(key);
  if (v.attributable && sides === undefined) {
    sides = sideProbabilities(line, v.position, v.covariance);
    sidesCache.set(key, sides);
  }
  const attribution =
    v.attributable && sides !== undefined
      ? attributeSides(sides, agreement, params.attributionThreshold)
      : { party: null, probability: 0 };
  return {
    type: 'Feature',
    geometry: {
      type: 'Point',
      coordinates: [round(v.position[0], 7), round(v.position[1], 7)],
    },
    properties: {
      id,
      rule: v.rule,
      kind: v.kind,
      time: formatRfc3339Micros(v.timeMicros),
      errorEllipse: {
        semiMajorM: round(v.ellipse.semiMajorM, 2),
        semiMinorM: round(v.ellipse.semiMinorM, 2),
        azimuthDeg: round(v.ellipse.azimuthDeg, 3) % 180,
      },
      attribution: {
        party: attribution.party,
        probability: round(attribution.probability, 6),
      },
      confidence: round(v.confidence, 6),
      status: 'provisional',
      sources: [...new Set(v.sources)].sort((a, b) => a - b),
      agreement: { id: agreement.id, version: agreement.version },
      engineVersion: ENGINE_VERSION,
      paramsDigest,
      sensorKinds: [...new Set(v.sensorKinds)].sort(),
      ...(v.weaponClass === undefined ? {} : { weaponClass: v.weaponClass }),
    },
  };
}

// What evaluateAgreement derives from its agreement and parameters alone,
// kept by the input object's identity: the live engine judges each refused
// event against the same agreement, and validating, indexing the contact
// line and hashing the parameters again took half of each call (about 4 %
// of the engine's CPU at 1,000 detections/s). Inputs are read as immutable,
// as everywhere in core; an agreement that fails validation is not kept.
type PreparedAgreement = {
  agreement: Agreement;
  from: number;
  line: TermContext['line'];
};
const preparedAgreements = new WeakMap<object, PreparedAgreement>();
const resolvedEngineParams = new WeakMap<
  object,
  { params: EngineParams; digest: string }
>();
let defaultParams: { params: EngineParams; digest: string } | undefined;

function preparedAgreement(input: Agreement): PreparedAgreement {
  // Anything but an object fails validation before it would be a key.
  let p = preparedAgreements.get(input);
  if (p === undefined) {
    const agreement = parseAgreement(input);
    p = {
      agreement,
      from: parseRfc3339Micros(agreement.effectiveFrom),
      line: buildLineIndex(linePartsOf(agreement.contactLine)),
    };
    preparedAgreements.set(input, p);
  }
  return p;
}

function resolvedParams(input: EngineParamsInput | undefined): {
  params: EngineParams;
  digest: string;
} {
  const resolve = () => {
    const params = resolveEngineParams(input);
    return { params, digest: engineParamsDigest(params) };
  };
  if (input === undefined) return (defaultParams ??= resolve());
  // Only objects can be keys (null fails to resolve before it would be).
  if (typeof input !== 'object') return resolve();
  let r = resolvedEngineParams.get(input);
  if (r === undefined) resolvedEngineParams.set(input, (r = resolve()));
  return r;
}

/**
 * Judges located events and monitoring gaps against every rule of an
 * agreement and returns the findings, all `provisional`, sorted by time
 * then id. Pure: the same inputs give the same findings, byte for byte,
 * whatever the order of `events` and `gaps`. Throws AGREEMENT_INVALID,
 * ENGINE_INPUT_INVALID or ENGINE_PARAMS_INVALID.
 */
export function evaluateAgreement(input: EvaluateInput): Finding[] {
  const { params, digest } = resolvedParams(input.params);
  const { agreement, from, line } = preparedAgreement(input.agreement);
  const allGaps = input.gaps ?? [];
  checkEngineInputs(input.events, allGaps);
  const ctx: TermContext = {
    events: input.events.filter(
      (e) => e.timeMicros >= from && e.confidence >= params.minEventConfidence
    ),
    gaps: allGaps
      .filter((g) => g.toMicros > from)
      .map((g) => (g.fromMicros >= from ? g : { ...g, fromMicros: from })),
    agreement,
    params,
    line,
  };
  const byId = new Map<string, Violation>();
  for (const rule of agreement.rules) {
    for (const v of termDefOf(rule).evaluate(rule, ctx)) {
      const id = findingId(v.rule, v.sources, ENGINE_VERSION);
      const held = byId.get(id);
      if (held === undefined || preferred(v, held)) byId.set(id, v);
    }
  }
  const sidesCache = new Map<string, Sides>();
  return (
    [...byId]
      // Ids are the map's keys, so two are never equal.
      .sort(
        ([ia, a], [ib, b]) => a.timeMicros - b.timeMicros || (ia < ib ? -1 : 1)
      )
      .map(([id, v]) => toFinding(id, v, ctx, digest, sidesCache))
  );
}
