import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FusionObservation,
  FusionOptions,
  FusionParams,
  LocatedEvent,
} from '@truce/core';
import { evaluateAgreement, fuseObservations, keptOnRerun } from '@truce/core';
import type { WindowObservation } from './observation-window.js';
import type { WeatherContext } from './weather-context.js';

/** What fusion and the rules run with, besides the observations. */
export type JudgeSettings = {
  agreement: Agreement;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
};

export type RefuseInput = JudgeSettings & {
  /** A finding the window's fusion proposed. */
  candidate: Finding;
  /** A finding's sources and their weather context, as fusion takes them. */
  ownOf: (finding: Finding) => readonly FusionObservation[];
};

/**
 * Fusion, then the rules over every event and gap: what `verifyEvidence`
 * runs on a finding's file (core's recomputeFindings).
 */
export function fuseAndJudge(
  observations: readonly FusionObservation[],
  settings: JudgeSettings
): { events: LocatedEvent[]; findings: Finding[] } {
  const fused = fuseObservations({
    observations,
    ...(settings.fusion === undefined ? {} : { params: settings.fusion }),
  });
  const findings = evaluateAgreement({
    agreement: settings.agreement,
    events: fused.events,
    gaps: fused.gaps,
    ...(settings.engine === undefined ? {} : { params: settings.engine }),
  });
  return { events: fused.events, findings };
}

/**
 * What the engine logs for a proposed finding: fusion and the rules rerun
 * on its sources and weather context alone, exactly what its evidence file
 * carries and `verifyEvidence` recomputes (DESIGN 3, 4.7). Fusion over a
 * whole window depends on more than the file holds (the frame origin is
 * the mean of the sensors present, the speed of sound is calibrated on
 * every pulse of a half hour); this makes each logged finding a pure
 * function of its own file. Returns the finding with the candidate's id
 * when the rerun reproduces it, else the rerun's findings of the same rule
 * on a subset of its sources (an outlier the wider window kept), each taken
 * in turn the same way on its own sources (core's keptOnRerun), else none:
 * a finding its own evidence could not reproduce is not logged.
 */
export function refuseFinding(input: RefuseInput): Finding[] {
  return keptOnRerun(
    input.candidate,
    (f) => fuseAndJudge(input.ownOf(f), input).findings
  );
}

/** Where a run finds the observations its candidates rest on. */
export type CandidateSource = {
  observation: (index: number) => WindowObservation | undefined;
  weather: WeatherContext;
  fusionParams: FusionParams;
};

/**
 * Sources held by `source` (each one present) with their weather context:
 * what a finding's evidence file carries for fusion.
 */
function ownObservations(
  sources: readonly number[],
  source: CandidateSource
): FusionObservation[] {
  const held = sources.map((index) => source.observation(index)!);
  const context = source.weather.contextOf(
    held.map((o) => o.timeMicros),
    new Set(sources),
    Number.MAX_SAFE_INTEGER,
    source.fusionParams
  );
  return [...held, ...context];
}

/**
 * Refuses each proposed finding not yet settled (`settled` says which ids
 * are logged or were refused before) and returns the findings to log, by
 * id. A candidate whose sources left the window meanwhile is skipped.
 */
export function resolveCandidates(
  candidates: readonly Finding[],
  source: CandidateSource,
  settings: JudgeSettings,
  settled: (id: string) => boolean
): { found: Map<string, Finding>; refused: string[]; failed: unknown[] } {
  const found = new Map<string, Finding>();
  const refused: string[] = [];
  const failed: unknown[] = [];
  for (const candidate of candidates) {
    const { id, sources } = candidate.properties;
    if (settled(id) || found.has(id)) continue;
    const held = sources.map(source.observation);
    if (held.some((o) => o === undefined)) continue;
    refused.push(id);
    let logged: Finding[];
    try {
      logged = refuseFinding({
        ...settings,
        candidate,
        ownOf: (f) => ownObservations(f.properties.sources, source),
      });
    } catch (error) {
      failed.push(error);
      continue;
    }
    for (const f of logged) {
      if (!settled(f.properties.id)) found.set(f.properties.id, f);
    }
  }
  return { found, refused, failed };
}
