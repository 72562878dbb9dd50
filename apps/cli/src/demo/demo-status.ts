import type { OutputStream } from '../io.js';
import type { DemoApi } from './demo-data.js';

/** What the status line shows. */
export type DemoStatus = {
  seed: number;
  sent: number;
  accepted: number;
  logSize: number;
  /** The largest size cosigned by each witness, by name. */
  cosigned: ReadonlyArray<{ name: string; size: number }>;
  findings: number;
  /** Set when there are more findings than one page counts. */
  findingsCapped?: boolean;
  verified: number;
  /** The current tier's name, or undefined with no ladder or no tier. */
  tier: string | undefined;
};

/**
 * One line, most important first (a narrow terminal cuts the end):
 * findings, tier, log and cosignatures, observations, seed.
 */
export function formatStatus(s: DemoStatus): string {
  const witnesses =
    s.cosigned.length === 0
      ? ''
      : `, cosigned ${s.cosigned.map((w) => `${w.name} ${w.size}`).join(', ')}`;
  const findings = `${s.findings}${s.findingsCapped === true ? '+' : ''}`;
  return `findings ${findings} (${s.verified} verified) | tier ${s.tier ?? '-'} | log ${s.logSize}${witnesses} | sent ${s.sent}, accepted ${s.accepted} | seed ${s.seed}`;
}

/** The most findings the status counts (one page of GET /v1/findings). */
export const STATUS_FINDINGS_LIMIT = 1000;

/** Counts findings and reads the tier from the server's public API. */
export async function fetchFindingsAndTier(
  api: DemoApi
): Promise<
  Pick<DemoStatus, 'findings' | 'findingsCapped' | 'verified' | 'tier'>
> {
  const [findings, response] = await Promise.all([
    api.get(`/v1/findings?limit=${STATUS_FINDINGS_LIMIT}`),
    api.get('/v1/response'),
  ]);
  const features =
    findings.status === 200
      ? ((findings.body as { features?: unknown[] }).features ?? [])
      : [];
  const verified = features.filter(
    (f) =>
      (f as { properties?: { status?: string } }).properties?.status ===
      'verified'
  ).length;
  const tier =
    response.status === 200
      ? (response.body as { tier?: { name?: string } | null }).tier?.name
      : undefined;
  return {
    findings: features.length,
    findingsCapped: features.length >= STATUS_FINDINGS_LIMIT,
    verified,
    tier,
  };
}

/**
 * Draws the status: rewritten in place on a terminal, else one line per
 * call (the caller decides how often).
 */
export class StatusLine {
  readonly #out: OutputStream;
  #drawn = false;

  constructor(out: OutputStream) {
    this.#out = out;
  }

  get inPlace(): boolean {
    return this.#out.isTTY === true;
  }

  show(line: string): void {
    if (!this.inPlace) {
      this.#out.write(`${line}\n`);
      return;
    }
    const width = this.#out.columns ?? 120;
    const fitted = line.length > width - 1 ? line.slice(0, width - 1) : line;
    // CR and "erase to end of line" (ECMA-48 EL) redraw the one line.
    this.#out.write(`\r${fitted}\x1b[K`);
    this.#drawn = true;
  }

  /** Prints a line of its own above the status. */
  print(text: string): void {
    this.finish();
    this.#out.write(`${text}\n`);
  }

  /** Ends the in-place line so later output starts on a fresh one. */
  finish(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
  }
}
