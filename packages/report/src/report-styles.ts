/** The report's one stylesheet: screen, and A4 print for the PDF. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.4; font-size: 14px; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #0b3d5c; padding-bottom: .2rem; color: #0b3d5c; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.meta { color: #444; margin: 0 0 1rem; }
.lead { font-size: 1.05rem; }
.grid { display: grid; align-items: start; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border-bottom: 1px solid #ccd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #e8eef3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #a3260f; } .down { color: #1d6b2f; }
.none { color: #555; font-style: italic; }
code, .id { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; }
figure { margin: .5rem 0; }
figcaption { font-size: .8rem; color: #444; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .85rem; }
.legend svg { vertical-align: middle; }
.map { max-width: 100%; height: auto; border: 1px solid #99a; }
footer { margin-top: 2rem; font-size: .8rem; color: #444; border-top: 1px solid #ccd; padding-top: .5rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
