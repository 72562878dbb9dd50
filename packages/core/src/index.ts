// The public surface of @truce/core. Code inside the package imports
// siblings directly, never this file (STYLE §3.11).
export * from './errors.js';
export * from './bytes.js';
export * from './hash.js';

// --- tlog (RFC 9162, C2SP signed-note / tlog-checkpoint / tlog-cosignature / tlog-tiles)
export * from './tlog/merkle.js';
export * from './tlog/node.js';
export * from './tlog/compact-range.js';
export * from './tlog/inclusion-proof.js';
export * from './tlog/consistency-proof.js';
export * from './tlog/subtree.js';
export * from './tlog/tile.js';
export * from './tlog/entry-bundle.js';
export * from './tlog/tile-verify.js';
export * from './tlog/signed-note.js';
export * from './tlog/note-key.js';
export * from './tlog/note-verifier.js';
export * from './tlog/checkpoint.js';
export * from './tlog/cosignature.js';

// --- observations, canonical JSON, log entries, sensor registry
export * from './evidence/canonical-json.js';
export * from './evidence/i-json.js';
export * from './evidence/digest.js';
export * from './observation/time.js';
export * from './observation/geo.js';
export * from './observation/weapon-class.js';
export * from './observation/ed25519.js';
export * from './observation/dsse.js';
export * from './observation/payload.js';
export * from './observation/admit.js';
export * from './registry/sensor.js';
export * from './registry/registry-entry.js';
export * from './registry/registry.js';
export * from './registry/sensor-health.js';
export * from './log/entry.js';

// --- audit
export * from './audit/audit-issue.js';
export * from './audit/entry-audit.js';
export * from './audit/tree-audit.js';
export * from './audit/log-audit.js';

// --- witness (C2SP tlog-witness, tlog-policy)
export * from './witness/policy.js';
export * from './witness/policy-format.js';
export * from './witness/quorum.js';
export * from './witness/cosigned-checkpoint.js';
export * from './witness/add-checkpoint.js';
export * from './witness/witness-state.js';

// --- evidence packages
export * from './evidence/evidence-issue.js';
export * from './evidence/evidence-package.js';
export * from './evidence/verify-evidence.js';
export * from './evidence/finding-evidence.js';
export * from './evidence/finding-select.js';
export {
  FINDING_LOCATION_FLOOR_M,
  FINDING_LOCATION_TOLERANCE,
  FINDING_PROBABILITY_TOLERANCE,
  ellipseFraction,
} from './evidence/finding-recompute.js';

// --- simulation (seeded scenario bundles with ground truth, DESIGN 4.4)
export * from './sim/random.js';
export * from './sim/params.js';
export * from './sim/agreement-input.js';
export * from './sim/demo-agreement.js';
export * from './sim/truth.js';
export { simSensorKeySeed } from './sim/sensors.js';
export { absorptionDbPerM } from './sim/atmosphere.js';
export type { ContactLine } from './sim/sector.js';
export * from './sim/scenario.js';

// --- agreement, rules, findings
export * from './geo/wgs84.js';
export * from './geo/line-index.js';
export * from './geo/polygon.js';
export * from './geo/geometry.js';
export * from './rules/term.js';
export * from './rules/term-table.js';
export * from './rules/zone.js';
export * from './rules/agreement.js';
export * from './rules/agreement-entry.js';
export * from './rules/attribution.js';
export * from './engine/params.js';
export * from './engine/finding.js';
export * from './engine/finding-entry.js';
export * from './engine/engine.js';
export * from './engine/status.js';

// --- fusion (associate and locate, DESIGN 2 and 4.5)
export * from './fusion/units.js';
export * from './fusion/geodesy.js';
export * from './fusion/sound-speed.js';
export * from './fusion/ellipse.js';
export * from './fusion/located-event.js';
export type { HorizontalGuess } from './fusion/tdoa.js';
export {
  multilaterate,
  type AltitudeModel,
  type ArrivalInput,
  type BearingInput,
  type CovarianceScaling,
  type LocateInput,
  type LocateOptions,
  type LocateResult,
  type SpeedModel,
} from './fusion/multilaterate.js';
export * from './fusion/triangulate.js';
export * from './fusion/crlb.js';
export * from './fusion/detection-model.js';
export * from './fusion/association-types.js';
export {
  associatePulses,
  type AssociationInput,
  type AssociationResult,
} from './fusion/associate.js';
export * from './fusion/prng.js';
export { median } from './fusion/stats.js';
export * from './fusion/synthetic-pulses.js';
export * from './fusion/weapon-physics.js';
export * from './fusion/params.js';
export * from './fusion/propagation.js';
export * from './fusion/gaps.js';
export { locatedEventId } from './fusion/event-output.js';
export * from './fusion/fuse.js';

// --- replay (scenario bundles offline, DESIGN 4.4)
export * from './replay/finding-inputs.js';
export * from './replay/replay-bundle.js';
export * from './replay/replay-log.js';
export * from './replay/replay-score.js';

// --- guarantor coalition: members, pledges, their moves (DESIGN 5)
export * from './coalition/coalition.js';
export * from './coalition/coalition-entry.js';
export * from './coalition/pledge-state.js';
export * from './coalition/coalition-registry.js';
export * from './coalition/coalition-document.js';
export * from './coalition/csv.js';
export * from './coalition/kiel-explorer.js';
export * from './coalition/kiel-weapons.js';
export * from './coalition/kiel-import.js';

// --- daily report and exports (findings as CSV and GeoJSON)
export * from './report/report-day.js';
export * from './report/sectors.js';
export * from './report/daily-summary.js';
export * from './report/export-csv.js';
export * from './report/export-geojson.js';
export * from './report/report-inputs.js';
export * from './report/report-entries.js';

// --- escalation ladder, response planner, Special Commission (DESIGN 5)
export * from './response/ladder.js';
export * from './response/ladder-validate.js';
export * from './response/ladder-entry.js';
export * from './response/commission.js';
export * from './response/tier.js';
export * from './response/plan.js';
export * from './response/planner.js';
export * from './response/burden.js';
export * from './response/wargame.js';

// --- alerts (OASIS CAP 1.2 XML)
export * from './alerts/xml-text.js';
export * from './alerts/cap-circle.js';
export * from './alerts/cap-mapping.js';
export * from './alerts/cap.js';
export * from './alerts/cap-tier.js';
