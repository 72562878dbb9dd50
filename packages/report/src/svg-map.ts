import type { FindingRow, ReportSector } from '@truce/core';
import { html, type Html } from './html.js';
import {
  fitFrame,
  scaleBarKm,
  type LonLat,
  type MapFrame,
} from './map-projection.js';
import { partyStyle, type PartyStyles } from './party-style.js';
import type { WithdrawalLine } from './withdrawal-lines.js';

// Okabe-Ito colours not used for the parties, nearest line first.
export const WITHDRAWAL_COLOURS = ['#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** DESIGN 4.3: the contact line is a LineString or a MultiLineString. */
export type ContactLine =
  | { type: 'LineString'; coordinates: readonly LonLat[] }
  | { type: 'MultiLineString'; coordinates: readonly (readonly LonLat[])[] };

export type MapInput = {
  findings: readonly FindingRow[];
  contactLine?: ContactLine;
  sectors: readonly ReportSector[];
  parties: PartyStyles;
  withdrawalLines?: readonly WithdrawalLine[];
  width?: number;
  maxHeight?: number;
};

/** Degrees of margin around the findings: about 30 km. */
const MARGIN_DEG = 0.3;

function partsOf(line: ContactLine | undefined): (readonly LonLat[])[] {
  if (line === undefined) return [];
  return line.type === 'LineString'
    ? [line.coordinates]
    : line.coordinates.map((part) => part);
}

/** The findings with a margin, or the whole line when there are none. */
function framePoints(input: MapInput): LonLat[] {
  const pts = input.findings.map((f) => f.position);
  if (pts.length === 0) return partsOf(input.contactLine).flat();
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  return [
    [Math.min(...lons) - MARGIN_DEG, Math.min(...lats) - MARGIN_DEG],
    [Math.max(...lons) + MARGIN_DEG, Math.max(...lats) + MARGIN_DEG],
  ];
}

const f1 = (x: number) => x.toFixed(1);

function pathOf(frame: MapFrame, part: readonly LonLat[]): string {
  return part
    .map((p, i) => {
      const [x, y] = frame.project(p);
      return `${i === 0 ? 'M' : 'L'}${f1(x)} ${f1(y)}`;
    })
    .join('');
}

function inside(frame: MapFrame, [x, y]: [number, number]): boolean {
  return x >= 0 && y >= 0 && x <= frame.width && y <= frame.height;
}

/**
 * The line at `km` on both sides of the contact line, drawn exactly: the
 * contact line stroked 2 km wide with round joins is the band within km of
 * it, and a mask keeps only the band's edge.
 */
function withdrawalLine(
  frame: MapFrame,
  parts: readonly (readonly LonLat[])[],
  line: WithdrawalLine,
  i: number
): Html {
  const width = (2 * line.km) / frame.kmPerPx;
  const colour = WITHDRAWAL_COLOURS[i % WITHDRAWAL_COLOURS.length]!;
  const strokes = (stroke: string, w: number) =>
    parts.map(
      (part) =>
        html`<path
          d="${pathOf(frame, part)}"
          fill="none"
          stroke="${stroke}"
          stroke-width="${f1(w)}"
          stroke-linejoin="round"
          stroke-linecap="round"
        />`
    );
  return html`<mask
      id="withdrawal-${i}"
      maskUnits="userSpaceOnUse"
      x="0"
      y="0"
      width="${frame.width}"
      height="${frame.height}"
      >${strokes('#fff', width + 1.6)}${strokes('#000', Math.max(0, width - 1.6))}</mask
    >
    <rect
      class="withdrawal-line"
      width="${frame.width}"
      height="${frame.height}"
      fill="${colour}"
      mask="url(#withdrawal-${i})"
      ><title>withdrawal line ${line.label}</title></rect
    >`;
}

function scaleBar(frame: MapFrame): Html {
  const km = scaleBarKm(frame.kmPerPx, frame.width / 4);
  const px = km / frame.kmPerPx;
  const x = 16;
  const y = frame.height - 16;
  return html`<g class="scale-bar" aria-hidden="true">
    <rect
      x="${f1(x - 6)}"
      y="${f1(y - 20)}"
      width="${f1(px + 40)}"
      height="28"
      fill="#fff"
      opacity="0.85"
    />
    <path
      d="M${f1(x)} ${f1(y - 6)}V${f1(y)}H${f1(x + px)}V${f1(y - 6)}"
      fill="none"
      stroke="#111"
      stroke-width="2"
    />
    <text x="${f1(x + px + 4)}" y="${f1(y)}" font-size="11">${km} km</text>
  </g>`;
}

/**
 * The day's findings on an inline SVG map: the contact line, sector towns,
 * each finding as a dot coloured (and shaped) by the party it is
 * attributed to, and a scale bar. Drawn here, so the page needs no tiles.
 */
export function renderMap(input: MapInput): Html {
  const frame = fitFrame(
    framePoints(input),
    input.width ?? 760,
    input.maxHeight ?? 560
  );
  const parts = partsOf(input.contactLine);
  const withdrawal = (input.withdrawalLines ?? []).map((line, i) =>
    withdrawalLine(frame, parts, line, i)
  );
  const lines = parts.map(
    (part) =>
      html`<path
        d="${pathOf(frame, part)}"
        fill="none"
        stroke="#222"
        stroke-width="2.2"
        stroke-dasharray="7 3"
      />`
  );
  const towns = input.sectors.flatMap((s) => {
    const at = frame.project(s.position);
    if (!inside(frame, at)) return [];
    return [
      html`<g class="town"
        ><circle cx="${f1(at[0])}" cy="${f1(at[1])}" r="2.5" fill="#555" /><text
          x="${f1(at[0] + 5)}"
          y="${f1(at[1] - 4)}"
          font-size="11"
          fill="#333"
          >${s.name}</text
        ></g
      >`,
    ];
  });
  const dots = input.findings.map((f) => {
    const [x, y] = frame.project(f.position);
    const style = partyStyle(input.parties, f.party);
    const label = `${f.kind} ${f.rule} at ${f.time}, ${style.label}`;
    const shape =
      style.shape === 'square'
        ? html`<rect
            x="${f1(x - 4.5)}"
            y="${f1(y - 4.5)}"
            width="9"
            height="9"
          />`
        : style.shape === 'diamond'
          ? html`<path
              d="M${f1(x)} ${f1(y - 6)}L${f1(x + 6)} ${f1(y)}L${f1(x)} ${f1(y + 6)}L${f1(x - 6)} ${f1(y)}Z"
            />`
          : html`<circle cx="${f1(x)}" cy="${f1(y)}" r="5" />`;
    return html`<g
      class="finding"
      fill="${style.colour}"
      stroke="#fff"
      stroke-width="1"
      opacity="${f.status === 'rejected' ? '0.35' : '0.9'}"
      ><title>${label}</title>${shape}</g
    >`;
  });
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    class="map"
    viewBox="0 0 ${frame.width} ${frame.height}"
    width="${frame.width}"
    height="${frame.height}"
    role="img"
    aria-labelledby="map-title map-desc"
  >
    <title id="map-title">Map of the day's findings</title>
    <desc id="map-desc">
      ${input.findings.length} findings as dots coloured by the party they are
      attributed to, the contact line dashed, ${withdrawal.length} withdrawal
      lines, sector towns labelled, and a scale bar.
    </desc>
    <rect width="${frame.width}" height="${frame.height}" fill="#eef3f7" />
    ${withdrawal} ${lines} ${towns} ${dots} ${scaleBar(frame)}
  </svg>`;
}
