import type {
  CountRow,
  DailySummary,
  FindingRow,
  ReportSector,
} from '@truce/core';
import { REPORT_SECTORS } from '@truce/core';
import { html, raw, type Html } from './html.js';
import { partyName, partyStyle, type ReportParty } from './party-style.js';
import { REPORT_CSS } from './report-styles.js';
import { renderMap, WITHDRAWAL_COLOURS, type ContactLine } from './svg-map.js';
import type { WithdrawalLine } from './withdrawal-lines.js';

export type DailyReportOptions = {
  /** The agreement's parties, for names, colours and the legend. */
  parties?: readonly ReportParty[];
  contactLine?: ContactLine;
  /** Where the contact line comes from; printed under the map. */
  contactLineSource?: string;
  /** What the findings were judged by, e.g. the agreement's title. */
  agreement?: { id: string; version: number; title?: string };
  /**
   * Base URL of the server for evidence links ('' for links relative to
   * the server root); without it the list shows ids only.
   */
  evidenceBaseUrl?: string;
  /** When the report was made (RFC 3339); the caller's clock. */
  generatedAt?: string;
  sectors?: readonly ReportSector[];
  /** Lines at a distance from the contact line (see withdrawalLinesOf). */
  withdrawalLines?: readonly WithdrawalLine[];
};

function delta(row: CountRow): Html {
  const d = row.today - row.previous;
  if (d === 0) return html`<td class="num">0</td>`;
  const cls = d > 0 ? 'up' : 'down';
  const sign = d > 0 ? '+' : '−';
  return html`<td class="num ${cls}">${sign}${Math.abs(d)}</td>`;
}

function countTable(
  caption: string,
  what: string,
  rows: readonly CountRow[],
  name: (key: string) => string = (k) => k
): Html {
  if (rows.length === 0) {
    return html`<p class="none">${caption}: none on either day.</p>`;
  }
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${what}</th>
        <th scope="col" class="num">Today</th>
        <th scope="col" class="num">Day before</th>
        <th scope="col" class="num">Change</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <th scope="row">${name(r.key)}</th>
            <td class="num">${r.today}</td>
            <td class="num">${r.previous}</td>
            ${delta(r)}
          </tr>`
      )}
    </tbody>
  </table>`;
}

const clock = (time: string) => `${time.slice(11, 19)}Z`;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const at = ([lon, lat]: readonly [number, number]) =>
  `${lat.toFixed(4)} N, ${lon.toFixed(4)} E`;

function evidenceCell(id: string, base: string | undefined): Html {
  const short = id.slice(0, 12);
  if (base === undefined)
    return html`<td class="id" title="${id}">${short}</td>`;
  const href = `${base.replace(/\/+$/, '')}/v1/findings/${id}/evidence`;
  return html`<td class="id">
    <a href="${href}" title="evidence package of finding ${id}">${short}</a>
  </td>`;
}

function findingsTable(
  caption: string,
  rows: readonly FindingRow[],
  options: DailyReportOptions,
  empty: string
): Html {
  if (rows.length === 0) return html`<p class="none">${empty}</p>`;
  const parties = options.parties ?? [];
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Time (UTC)</th>
        <th scope="col">Kind</th>
        <th scope="col">Rule</th>
        <th scope="col">Weapon</th>
        <th scope="col">Sector</th>
        <th scope="col">Position</th>
        <th scope="col">Party (probability)</th>
        <th scope="col" class="num">Confidence</th>
        <th scope="col">Status</th>
        <th scope="col">Evidence</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (f) =>
          html`<tr>
            <td>${clock(f.time)}</td>
            <td>${f.kind}</td>
            <td>${f.rule}</td>
            <td>${f.weaponClass ?? '—'}</td>
            <td>${f.sector}</td>
            <td>${at(f.position)} ± ${Math.round(f.semiMajorM)} m</td>
            <td>
              ${f.party === null ? '—' : `${partyName(parties, f.party)} (${pct(f.probability)})`}
            </td>
            <td class="num">${pct(f.confidence)}</td>
            <td>${f.status}</td>
            ${evidenceCell(f.id, options.evidenceBaseUrl)}
          </tr>`
      )}
    </tbody>
  </table>`;
}

function monitoringSection(s: DailySummary, options: DailyReportOptions): Html {
  const m = s.monitoring;
  const gaps =
    m.gaps.length === 0
      ? html`<p class="none">No monitoring gaps overlapped the day.</p>`
      : html`<table>
          <caption>
            Monitoring gaps (sensors silenced, jammed or tampered with)
          </caption>
          <thead>
            <tr>
              <th scope="col">Sensor</th>
              <th scope="col">Reason</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" class="num">Minutes this day</th>
              <th scope="col">Sector</th>
            </tr>
          </thead>
          <tbody>
            ${m.gaps.map(
              (g) =>
                html`<tr>
                  <th scope="row">${g.sensor}</th>
                  <td>${g.reason}</td>
                  <td>${g.from}</td>
                  <td>${g.to}</td>
                  <td class="num">${g.minutesInDay}</td>
                  <td>${g.sector}</td>
                </tr>`
            )}
          </tbody>
        </table>`;
  const restrictions =
    m.restrictions.length === 0
      ? html`<p class="none">No restrictions of movement were reported.</p>`
      : html`<table>
          <caption>
            Restrictions of movement reported by monitors
          </caption>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Monitor</th>
              <th scope="col">Sector</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            ${m.restrictions.map(
              (r) =>
                html`<tr>
                  <td>${clock(r.time)}</td>
                  <td>${r.sensor}</td>
                  <td>${r.sector}</td>
                  <td>${r.text}</td>
                </tr>`
            )}
          </tbody>
        </table>`;
  return html`<section aria-labelledby="h-monitoring">
    <h2 id="h-monitoring">Restrictions and denial of monitoring</h2>
    ${findingsTable('Denial-of-monitoring findings', m.findings, options, 'No denial-of-monitoring findings.')}
    ${countTable('Monitoring gaps by reason', 'Reason', m.gapsByReason)} ${gaps}
    ${restrictions}
  </section>`;
}

function legend(
  parties: readonly ReportParty[],
  withdrawal: readonly WithdrawalLine[]
): Html {
  const lines = withdrawal.map(
    (line, i) =>
      html`<li>
        <svg width="24" height="13" aria-hidden="true">
          <path
            d="M0 6.5H24"
            stroke="${WITHDRAWAL_COLOURS[i % WITHDRAWAL_COLOURS.length]!}"
            stroke-width="1.6"
          />
        </svg>
        withdrawal line ${line.label}
      </li>`
  );
  const items = [...parties.map((p) => p.id), null].map((id) => {
    const s = partyStyle(parties, id);
    const mark =
      s.shape === 'square'
        ? html`<rect x="2" y="2" width="9" height="9" />`
        : s.shape === 'diamond'
          ? html`<path d="M6.5 0L13 6.5L6.5 13L0 6.5Z" />`
          : html`<circle cx="6.5" cy="6.5" r="5" />`;
    return html`<li>
      <svg width="13" height="13" aria-hidden="true" fill="${s.colour}">
        ${mark}
      </svg>
      ${s.label}
    </li>`;
  });
  return html`<ul class="legend" aria-label="Map legend">
    ${items}
    <li>
      <svg width="24" height="13" aria-hidden="true">
        <path
          d="M0 6.5H24"
          stroke="#222"
          stroke-width="2.2"
          stroke-dasharray="7 3"
        />
      </svg>
      contact line
    </li>
    ${lines}
  </ul>`;
}

/**
 * The daily report as one self-contained HTML page (no scripts, no
 * external requests): the day's counts against the day before, a map,
 * weapons in violation of withdrawal lines, restrictions and denial of
 * monitoring, and every finding with a link to its evidence package.
 */
export function renderDailyReport(
  s: DailySummary,
  options: DailyReportOptions = {}
): string {
  const parties = options.parties ?? [];
  const name = (key: string) => partyName(parties, key);
  const a = options.agreement;
  const judged =
    a === undefined
      ? ''
      : `Judged against ${a.title ?? a.id} (${a.id}, version ${a.version}). `;
  const body = html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Truce daily report ${s.date}</title>
        <style>
          ${raw(REPORT_CSS)}
        </style>
      </head>
      <body>
        <header>
          <h1>Daily report ${s.date}</h1>
          <p class="meta">
            ${judged}Times are UTC; the day is ${s.date}T00:00Z to 24:00Z,
            compared with
            ${s.previousDate}.${options.generatedAt === undefined ? '' : ` Generated ${options.generatedAt}.`}
          </p>
          <p class="lead">
            Truce recorded <strong>${s.totals.today}</strong> violation findings
            on ${s.date}, against ${s.totals.previous} the day
            before${s.totals.rejectedToday === 0 ? '' : `; ${s.totals.rejectedToday} more were rejected on review and are listed but not counted`}.
            ${s.weapons.length} concerned weapons in violation of withdrawal
            lines, ${s.monitoring.findings.length} denial of monitoring, and
            ${s.monitoring.gaps.length} monitoring gaps overlapped the day.
          </p>
        </header>
        <main>
          <section aria-labelledby="h-counts">
            <h2 id="h-counts">Findings by category and sector</h2>
            <div class="grid">
              ${countTable('By kind', 'Kind', s.byKind)}
              ${countTable('By weapon class', 'Weapon class', s.byWeaponClass)}
              ${countTable('By rule', 'Rule', s.byRule)}
              ${countTable('By attributed party', 'Party', s.byParty, name)}
            </div>
            ${countTable('By sector (nearest town on the contact line)', 'Sector', s.bySector)}
          </section>
          <section aria-labelledby="h-map">
            <h2 id="h-map">Map</h2>
            <figure>
              ${renderMap({ findings: s.findings, sectors: options.sectors ?? REPORT_SECTORS, parties, withdrawalLines: options.withdrawalLines ?? [], ...(options.contactLine === undefined ? {} : { contactLine: options.contactLine }) })}
              <figcaption>
                ${legend(parties, options.withdrawalLines ?? [])}${s.findings.length === 0 ? 'The whole contact line; no findings on the day.' : 'The area of the day’s findings, with about 30 km around them.'}
                Rejected findings are drawn
                faint.${options.contactLineSource === undefined ? '' : ` Contact line: ${options.contactLineSource}.`}
              </figcaption>
            </figure>
          </section>
          <section aria-labelledby="h-weapons">
            <h2 id="h-weapons">Weapons in violation of withdrawal lines</h2>
            ${findingsTable('Weapons seen inside their withdrawal zone', s.weapons, options, 'No weapons were seen inside their withdrawal zones.')}
          </section>
          ${monitoringSection(s, options)}
          <section aria-labelledby="h-findings">
            <h2 id="h-findings">All findings of the day</h2>
            ${findingsTable(`${s.findings.length} findings, by time`, s.findings, options, 'No findings on the day.')}
          </section>
        </main>
        <footer>
          <p>
            Sectors are named for the nearest of a fixed list of towns along the
            contact line. Counts leave out findings rejected on review. Each
            finding’s evidence package holds its signed sources, their inclusion
            proofs and a witnessed checkpoint;
            <code>truce verify evidence</code> checks it offline.
          </p>
        </footer>
      </body>
    </html> `;
  return body.html;
}
