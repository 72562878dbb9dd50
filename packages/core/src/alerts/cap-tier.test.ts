import { readFileSync } from 'node:fs';
import { toThrowWithCode } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { CoreError } from '../errors.js';
import type { TierCapInput } from './cap-tier.js';
import { buildTierCap, capSeverityOfTier } from './cap-tier.js';

expect.extend({ toThrowWithCode });

const XSD = readFileSync(
  new URL('./test-vectors/CAP-v1.2.xsd', import.meta.url),
  'utf8'
);

const input = (over: Partial<TierCapInput> = {}): TierCapInput => ({
  at: '2026-12-03T10:11:12.345678Z',
  from: { id: 'watch', name: 'Watch', level: 1 },
  to: { id: 'sanctions & more', name: 'Sanctions <phase 1>', level: 2 },
  sender: 'truce.example/log',
  status: 'Exercise',
  web: 'https://truce.example/v1/response',
  ...over,
});

const textOf = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('buildTierCap', () => {
  it('writes an escalation as an Immediate Alert that validates', async () => {
    const xml = buildTierCap(input());
    const result = await validateXML({
      xml: [{ fileName: 'tier.xml', contents: xml }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }],
    });
    expect(result.errors).toEqual([]);
    expect(textOf(xml, 'identifier')).toBe(
      'truce-tier-1796292672345-sanctions___more'
    );
    expect(textOf(xml, 'sent')).toBe('2026-12-03T10:11:12-00:00');
    expect(textOf(xml, 'urgency')).toBe('Immediate');
    expect(textOf(xml, 'severity')).toBe('Severe');
    expect(textOf(xml, 'certainty')).toBe('Observed');
    expect(textOf(xml, 'headline')).toContain('Sanctions &lt;phase 1&gt;');
  });

  it('writes a step down to no tier as Expected and Minor', () => {
    const xml = buildTierCap(input({ to: null }));
    expect(textOf(xml, 'urgency')).toBe('Expected');
    expect(textOf(xml, 'severity')).toBe('Minor');
    expect(textOf(xml, 'identifier')).toMatch(/-none$/);
  });

  it('writes a first tier (from none) as an escalation', () => {
    const xml = buildTierCap(input({ from: null }));
    expect(textOf(xml, 'urgency')).toBe('Immediate');
    expect(textOf(xml, 'headline')).toContain('no tier to tier 2');
  });

  it('refuses a time that is not RFC 3339', () => {
    expect(() => buildTierCap(input({ at: 'yesterday' }))).toThrowWithCode(
      CoreError,
      'CAP_INPUT_INVALID'
    );
  });
});

describe('capSeverityOfTier', () => {
  it.each([
    [null, 'Minor'],
    [0, 'Minor'],
    [1, 'Moderate'],
    [2, 'Severe'],
    [3, 'Extreme'],
    [7, 'Extreme'],
  ] as const)('level %j is %s', (level, want) => {
    const tier = level === null ? null : { id: 't', name: 'T', level };
    expect(capSeverityOfTier(tier)).toBe(want);
  });
});
