import { z } from 'zod';
import { parseRuleWith, ruleIdSchema, type TermDef } from '../term.js';

const REASONS = ['silence', 'jamming', 'tamper'] as const;

const schema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('denial_of_monitoring'),
  /** Gaps longer than this break the rule. */
  maxGapMinutes: z.number().positive().max(525_600),
  /** Which gaps count; absent, all of them. */
  reasons: z.array(z.enum(REASONS)).min(1).optional(),
});

/**
 * Monitoring sensors must not be silenced, jammed or tampered with for
 * longer than `maxGapMinutes`. Which party did it is not known from the
 * gap, so these findings carry no party.
 */
export type DenialOfMonitoringTerm = z.infer<typeof schema>;

const NAMES = {
  silence: 'silenced',
  jamming: 'jammed',
  tamper: 'tampered with',
};

export const denialOfMonitoringTerm: TermDef<DenialOfMonitoringTerm> = {
  parse: (rule, path) => parseRuleWith(schema, rule, path),

  evaluate(term, { gaps, params }) {
    const reasons = term.reasons ?? REASONS;
    const limitMicros = term.maxGapMinutes * 60_000_000;
    return gaps
      .filter(
        (g) =>
          reasons.includes(g.reason) && g.toMicros - g.fromMicros > limitMicros
      )
      .map((g) => ({
        rule: term.id,
        kind: 'denial_of_monitoring' as const,
        position: g.position,
        covariance: [0, 0, 0] as const,
        ellipse: { semiMajorM: 0, semiMinorM: 0, azimuthDeg: 0 },
        timeMicros: g.fromMicros,
        confidence: params.gapConfidence[g.reason],
        sources: g.sources,
        sensorKinds: [],
        attributable: false,
      }));
  },

  describe(term) {
    const names = (term.reasons ?? REASONS).map((r) => NAMES[r]);
    const how =
      names.length === 1
        ? names[0]!
        : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
    return (
      `No monitoring sensor is ${how} for more than ` +
      `${term.maxGapMinutes} minutes.`
    );
  },
};
