import { readFileSync } from 'node:fs';
import { toThrowWithCode } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { CoreError } from '../errors.js';
import { parseCapCircle } from './cap-circle.js';
import { capFindingFixture } from './cap-fixture.js';
import type { FindingCapInput } from './cap.js';
import { buildFindingCap, capIdentifierOf, formatCapTime } from './cap.js';

expect.extend({ toThrowWithCode });

const XSD = readFileSync(
  new URL('./test-vectors/CAP-v1.2.xsd', import.meta.url),
  'utf8'
);

/** Validates against the OASIS CAP 1.2 schema; returns xmllint's errors. */
async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'alert.xml', contents: xml }],
    schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }],
  });
  return result.errors.map((e) => e.rawMessage);
}

const LOGGED = Date.UTC(2026, 11, 2, 3, 4, 6, 700);

function input(over: Partial<FindingCapInput> = {}): FindingCapInput {
  return {
    finding: capFindingFixture(),
    sender: 'truce.example/log',
    status: 'Exercise',
    loggedAtMs: LOGGED,
    web: `https://truce.example/v1/findings/${'ab'.repeat(32)}`,
    ...over,
  };
}

/** The text of the first element `name` (no nesting; test helper). */
function textOf(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('buildFindingCap', () => {
  it('writes an Alert that validates against the CAP 1.2 schema', async () => {
    const xml = buildFindingCap(input());
    expect(await schemaErrors(xml)).toEqual([]);
    expect(textOf(xml, 'identifier')).toBe(capIdentifierOf('ab'.repeat(32)));
    expect(textOf(xml, 'sent')).toBe('2026-12-02T03:04:06-00:00');
    expect(textOf(xml, 'status')).toBe('Exercise');
    expect(textOf(xml, 'msgType')).toBe('Alert');
    expect(textOf(xml, 'scope')).toBe('Public');
    expect(textOf(xml, 'category')).toBe('Security');
    expect(textOf(xml, 'urgency')).toBe('Expected');
    expect(textOf(xml, 'severity')).toBe('Extreme');
    expect(textOf(xml, 'certainty')).toBe('Likely');
    expect(textOf(xml, 'circle')).toBe('48.015432,37.812346 0.240');
    expect(xml).not.toContain('<references>');
    expect(xml).toContain(
      '<parameter><valueName>logIndex</valueName><value>42</value></parameter>'
    );
    expect(xml).toContain(
      '<parameter><valueName>party</valueName><value>B</value></parameter>'
    );
  });

  it('is deterministic: the same finding gives the same bytes', () => {
    expect(buildFindingCap(input())).toBe(buildFindingCap(input()));
  });

  it('an Actual alert of a finding without party or weapon validates', async () => {
    const finding = capFindingFixture({
      attribution: { party: null, probability: 0 },
      weaponClass: undefined,
      kind: 'denial_of_monitoring',
      confidence: 0.01,
    });
    delete finding.properties.weaponClass;
    delete finding.properties.index;
    const xml = buildFindingCap(input({ finding, status: 'Actual' }));
    expect(await schemaErrors(xml)).toEqual([]);
    expect(textOf(xml, 'severity')).toBe('Minor');
    expect(textOf(xml, 'certainty')).toBe('Unlikely');
    expect(xml).toContain('<value>unknown</value>');
    expect(xml).not.toContain('logIndex');
  });

  describe('when the finding superseded earlier ones', () => {
    it('is an Update that references their first alerts', async () => {
      const xml = buildFindingCap(
        input({
          supersedes: [
            { findingId: '01'.repeat(32), loggedAtMs: LOGGED - 60_000 },
            { findingId: '02'.repeat(32), loggedAtMs: LOGGED - 30_000 },
          ],
        })
      );
      expect(await schemaErrors(xml)).toEqual([]);
      expect(textOf(xml, 'msgType')).toBe('Update');
      expect(textOf(xml, 'references')).toBe(
        `truce.example/log,truce-finding-${'01'.repeat(32)},2026-12-02T03:03:06-00:00 ` +
          `truce.example/log,truce-finding-${'02'.repeat(32)},2026-12-02T03:03:36-00:00`
      );
    });
  });

  it('a later message references the superseded alerts and the first', async () => {
    const finding = capFindingFixture({ status: 'verified' });
    const xml = buildFindingCap(
      input({
        finding,
        supersedes: [
          { findingId: '01'.repeat(32), loggedAtMs: LOGGED - 60_000 },
        ],
      })
    );
    expect(await schemaErrors(xml)).toEqual([]);
    expect(textOf(xml, 'references')).toBe(
      `truce.example/log,truce-finding-${'01'.repeat(32)},2026-12-02T03:03:06-00:00 ` +
        `truce.example/log,truce-finding-${'ab'.repeat(32)},2026-12-02T03:04:06-00:00`
    );
  });

  describe('when the finding is witnessed (verified)', () => {
    it('is an Update of the first alert, Immediate', async () => {
      const finding = capFindingFixture({ status: 'verified' });
      const xml = buildFindingCap(input({ finding }));
      expect(await schemaErrors(xml)).toEqual([]);
      expect(textOf(xml, 'msgType')).toBe('Update');
      expect(textOf(xml, 'identifier')).toBe(
        `truce-finding-${'ab'.repeat(32)}-verified`
      );
      expect(textOf(xml, 'urgency')).toBe('Immediate');
      expect(textOf(xml, 'references')).toBe(
        `truce.example/log,truce-finding-${'ab'.repeat(32)},2026-12-02T03:04:06-00:00`
      );
    });
  });

  describe('when a review rejects the finding', () => {
    const review = {
      status: 'rejected' as const,
      reason: 'a quarry blast, see report 17',
      actor: 'token:abc',
      time: '2026-12-02T09:00:00.5Z',
    };

    it('is a Cancel, sent at the review, referencing the first alert', async () => {
      const finding = capFindingFixture({ status: 'rejected', review });
      const xml = buildFindingCap(input({ finding }));
      expect(await schemaErrors(xml)).toEqual([]);
      expect(textOf(xml, 'msgType')).toBe('Cancel');
      expect(textOf(xml, 'sent')).toBe('2026-12-02T09:00:00-00:00');
      expect(textOf(xml, 'note')).toBe(review.reason);
      expect(textOf(xml, 'urgency')).toBe('Past');
      expect(textOf(xml, 'certainty')).toBe('Unlikely');
      expect(textOf(xml, 'references')).toBe(
        `truce.example/log,truce-finding-${'ab'.repeat(32)},2026-12-02T03:04:06-00:00`
      );
    });

    it('without the review itself, is sent at the entry time with no note', () => {
      const finding = capFindingFixture({ status: 'confirmed' });
      const xml = buildFindingCap(input({ finding }));
      expect(textOf(xml, 'sent')).toBe('2026-12-02T03:04:06-00:00');
      expect(xml).not.toContain('<note>');
    });

    it('a confirming review is an Update, certainty Observed', async () => {
      const finding = capFindingFixture({
        status: 'confirmed',
        review: { ...review, status: 'confirmed' },
      });
      const xml = buildFindingCap(input({ finding }));
      expect(await schemaErrors(xml)).toEqual([]);
      expect(textOf(xml, 'msgType')).toBe('Update');
      expect(textOf(xml, 'certainty')).toBe('Observed');
    });
  });

  describe('with hostile strings', () => {
    const hostile =
      '</note><script>x</script> & "q" \'a\' ]]> \u0000\u0007 \uD800 \uFFFE 😀';

    it('escapes them so the alert still validates and keeps the text', async () => {
      const finding = capFindingFixture({
        status: 'rejected',
        attribution: { party: '<B&C>', probability: 0.5 },
        review: {
          status: 'rejected',
          reason: hostile,
          actor: 'x',
          time: '2026-12-02T09:00:00Z',
        },
      });
      const xml = buildFindingCap(
        input({ finding, web: 'https://truce.example/f?a=1&b=<2>' })
      );
      expect(await schemaErrors(xml)).toEqual([]);
      expect(xml).not.toContain('<script>');
      expect(textOf(xml, 'note')).toBe(
        '&lt;/note&gt;&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos; ]]&gt; \uFFFD\uFFFD \uFFFD \uFFFD 😀'
      );
      expect(xml).toContain('<value>&lt;B&amp;C&gt;</value>');
    });

    it('refuses a sender CAP does not allow', () => {
      for (const sender of ['a b', 'a,b', 'a<b', 'a&b', '']) {
        expect(() => buildFindingCap(input({ sender }))).toThrowWithCode(
          CoreError,
          'CAP_INPUT_INVALID'
        );
      }
    });
  });
});

describe('the CAP 1.2 schema check itself', () => {
  const valid = buildFindingCap(input());

  it('fails an alert without an identifier', async () => {
    const broken = valid.replace(/<identifier>[^<]*<\/identifier>\n/, '');
    expect(await schemaErrors(broken)).not.toEqual([]);
  });

  it('fails a sent time without an offset, or with "Z"', async () => {
    for (const sent of ['2026-12-02T03:04:06', '2026-12-02T03:04:06Z']) {
      const broken = valid.replace(/<sent>[^<]*</, `<sent>${sent}<`);
      expect(await schemaErrors(broken)).not.toEqual([]);
    }
  });

  it('fails an unknown status', async () => {
    const broken = valid.replace('<status>Exercise<', '<status>Drill<');
    expect(await schemaErrors(broken)).not.toEqual([]);
  });

  // The schema types <circle> as xs:string, so a bad circle passes it;
  // parseCapCircle is the check of its format (CAP 1.2 §3.2.4).
  it('passes a bad circle, which parseCapCircle then refuses', async () => {
    const broken = valid.replace(/<circle>[^<]*</, '<circle>48.0 37.8,0.2<');
    expect(await schemaErrors(broken)).toEqual([]);
    expect(() => parseCapCircle(textOf(broken, 'circle')!)).toThrowWithCode(
      CoreError,
      'CAP_CIRCLE_INVALID'
    );
  });
});

describe('parseCapCircle', () => {
  it('reads "lat,lon radiusKm"', () => {
    expect(parseCapCircle('48.5,-37.25 1.5')).toEqual({
      lat: 48.5,
      lon: -37.25,
      radiusKm: 1.5,
    });
  });

  it.each(['48.5,37.25', '48.5 37.25 1', '91,0 1', '0,181 1', '0,0 -1', 'x'])(
    'refuses %j',
    (text) => {
      expect(() => parseCapCircle(text)).toThrowWithCode(
        CoreError,
        'CAP_CIRCLE_INVALID'
      );
    }
  );
});

describe('formatCapTime', () => {
  it('writes UTC as -00:00 with whole seconds (CAP 1.2 §3.3.2)', () => {
    expect(formatCapTime(Date.UTC(2026, 0, 2, 3, 4, 5, 999))).toBe(
      '2026-01-02T03:04:05-00:00'
    );
  });

  it('refuses a time that is not a number', () => {
    expect(() => formatCapTime(NaN)).toThrowWithCode(
      CoreError,
      'CAP_INPUT_INVALID'
    );
  });
});
