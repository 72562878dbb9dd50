import type {
  Agreement,
  EngineParamsInput,
  Finding,
  FusionObservation,
  FusionOptions,
} from '@truce/core';
import { evaluateAgreement, fuseObservations } from '@truce/core';

export type WindowInput = {
  /** The window's content; its order does not matter. */
  observations: readonly FusionObservation[];
  /** The window's start: older observations are no longer held. */
  fromMicros: number;
  /**
   * How far past the start a finding must lie to be judged. An event at
   * the old edge may have lost some of its sources to eviction (a silence
   * gap begins a heartbeat interval after its first source; corroborated
   * radar or patrol reports can precede the event), and a finding from
   * what is left would be a false new one.
   */
  edgeMarginMicros: number;
  agreement: Agreement;
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
};

/**
 * The findings one window supports: fusion, then the agreement's rules,
 * over events and gaps that start at least `edgeMarginMicros` after the
 * window's start. Pure: the same window gives the same findings, byte for
 * byte (DESIGN §3), so reruns over a grown window only add what is new.
 */
export function findingsOfWindow(input: WindowInput): Finding[] {
  const fused = fuseObservations({
    observations: input.observations,
    ...(input.fusion === undefined ? {} : { params: input.fusion }),
  });
  const settled = input.fromMicros + input.edgeMarginMicros;
  return evaluateAgreement({
    agreement: input.agreement,
    events: fused.events.filter((e) => e.timeMicros >= settled),
    gaps: fused.gaps.filter((g) => g.fromMicros >= settled),
    ...(input.engine === undefined ? {} : { params: input.engine }),
  });
}
