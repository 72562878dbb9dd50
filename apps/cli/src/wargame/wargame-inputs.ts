import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CommissionDecision,
  Finding,
  Ladder,
  LadderFinding,
  PledgeState,
  PledgeWithState,
} from '@truce/core';
import {
  CoreError,
  PLEDGE_STATES,
  coalitionSchema,
  formatRfc3339Micros,
  ladderFindingOf,
  parseRfc3339Micros,
  replayBundle,
  validateLadder,
} from '@truce/core';
import { CliError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import { createNodeEd25519Verify } from '../node-ed25519.js';

const unusable = (message: string, cause?: unknown): never => {
  throw new CliError('INPUT_UNUSABLE', message, { cause });
};

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return unusable(`cannot read ${path}: ${code}`, error);
  }
}

/**
 * Runs a scenario bundle (DESIGN 4.4) through the pipeline offline, as
 * `truce replay` does, and returns its findings as the ladder sees them.
 * Replay has no witnesses and no analysts, so every finding it makes is
 * taken as verified: the wargame asks what the ladder would do with them.
 */
export function replayFindings(
  bundle: string,
  onProgress: (done: number, total: number) => void
): { findings: LadderFinding[]; ruleIds: string[] } {
  const agreement = readJsonFile(join(bundle, 'agreement.json'));
  const sensors = readJsonFile(join(bundle, 'sensors.json'));
  if (!Array.isArray(sensors)) {
    unusable(`${join(bundle, 'sensors.json')} is not an array`);
  }
  const text = readText(join(bundle, 'observations.jsonl'));
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let features: Finding[];
  try {
    features = replayBundle({
      agreement,
      sensors: sensors as unknown[],
      envelopes: lines.map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return undefined;
        }
      }),
      verify: createNodeEd25519Verify(),
      onProgress,
    }).geojson.features;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return unusable(`${bundle}: ${error.message}`, error);
  }
  const rules = (agreement as { rules?: { id: string }[] }).rules ?? [];
  return {
    findings: features.map((f) =>
      ladderFindingOf({
        geometry: f.geometry,
        properties: {
          ...f.properties,
          status: f.properties.status === 'rejected' ? 'rejected' : 'verified',
        },
      })
    ),
    ruleIds: rules.map((r) => r.id),
  };
}

/** A ladder file, validated against the scenario's agreement rule ids. */
export function readLadder(path: string, ruleIds: readonly string[]): Ladder {
  const result = validateLadder(readJsonFile(path), { ruleIds });
  if (result.ok) return result.value;
  return unusable(
    `${path} is not a usable ladder: ${result.issues
      .map((i) => `${i.code} at ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ')}`
  );
}

const isState = (v: unknown): v is PledgeState =>
  (PLEDGE_STATES as readonly unknown[]).includes(v);

/**
 * A coalition document (DESIGN 5), or the body of GET /v1/coalition: its
 * pledges with their `state` when given (else `approved` when the approval
 * is granted, `pledged` otherwise), and GDP from a top-level `gdp` map of
 * EUR bn or from `delivered[].gdpEurBn`.
 */
export function readCoalition(path: string): {
  pledges: PledgeWithState[];
  gdp: Record<string, number>;
} {
  const raw = readJsonFile(path) as Record<string, unknown> | null;
  if (raw === null || typeof raw !== 'object') {
    return unusable(`${path} is not a coalition document`);
  }
  const listed = Array.isArray(raw.pledges) ? raw.pledges : [];
  const states = listed.map((p: unknown) => (p as { state?: unknown }).state);
  const parsed = coalitionSchema.safeParse({
    version: raw.version,
    members: raw.members,
    pledges: listed.map((p: unknown) => {
      if (p === null || typeof p !== 'object') return p;
      const {
        state: _s,
        history: _h,
        ...pledge
      } = p as Record<string, unknown>;
      return pledge;
    }),
  });
  if (!parsed.success) {
    return unusable(
      `${path} is not a coalition document: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`
    );
  }
  const pledges = parsed.data.pledges.map((pledge, k) => {
    const given = states[k];
    const state: PledgeState = isState(given)
      ? given
      : pledge.approval.status === 'approved'
        ? 'approved'
        : 'pledged';
    return { pledge, state };
  });
  const gdp: Record<string, number> = {};
  const put = (iso3: unknown, value: unknown) => {
    if (typeof iso3 === 'string' && typeof value === 'number' && value > 0) {
      gdp[iso3] = value;
    }
  };
  if (Array.isArray(raw.delivered)) {
    for (const d of raw.delivered as Record<string, unknown>[]) {
      put(d?.iso3, d?.gdpEurBn);
    }
  }
  if (raw.gdp !== null && typeof raw.gdp === 'object') {
    for (const [iso3, value] of Object.entries(raw.gdp)) put(iso3, value);
  }
  return { pledges, gdp };
}

/**
 * What-if Commission decisions: each finding the engine attributed to a
 * party, confirmed with the engine's attribution `hours` after the act.
 */
export function assumedDecisions(
  findings: readonly LadderFinding[],
  hours: number
): CommissionDecision[] {
  return findings
    .filter((f) => f.attribution.party !== null && f.status !== 'rejected')
    .map((f) => ({
      findingId: f.id,
      attribution: f.attribution,
      remedy: 'assumed by truce wargame --commission-hours',
      reason: 'what-if: the Commission confirms the engine attribution',
      actor: 'wargame',
      time: formatRfc3339Micros(parseRfc3339Micros(f.time) + hours * 3600e6),
    }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
