import type { ReportFinding } from './daily-summary.js';

/**
 * Findings as an RFC 7946 FeatureCollection text: the DESIGN 4.5 Features
 * as they are (lon/lat WGS 84, no `crs` member, RFC 7946 §4), one per
 * line so large exports diff and stream well.
 */
export function findingsToGeoJsonText(
  findings: readonly ReportFinding[]
): string {
  if (findings.length === 0) {
    return '{"type":"FeatureCollection","features":[]}\n';
  }
  const lines = findings.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}
