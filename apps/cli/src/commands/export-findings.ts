import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '@truce/core';
import {
  CoreError,
  findingsToCsv,
  findingsToGeoJsonText,
  parseRfc3339Micros,
} from '@truce/core';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, usageError } from '../errors.js';
import type { CommandSpec } from '../flags.js';
import {
  baseUrl,
  formatFlags,
  oneOf,
  parseConfig,
  required,
  switchFlag,
  text,
} from '../flags.js';
import { println } from '../io.js';
import { createProgress } from '../progress.js';
import { fetchText } from '../report/fetch-text.js';
import { reportInputsFromDir } from '../report/report-source.js';

const FORMATS = ['csv', 'geojson'] as const;

const SPEC = {
  flags: {
    format: required(oneOf('file format', 'FORMAT', FORMATS)),
    from: text('findings at or after this RFC 3339 time', 'TIME'),
    to: text('findings before this RFC 3339 time', 'TIME'),
    server: baseUrl('export from this server (GET /v1/exports/findings.*)'),
    data: text(
      "read the log in DIR: a server's data folder or a `truce replay` output folder",
      'DIR'
    ),
    link: baseUrl('with --data: server base URL for the CSV evidence_url'),
    out: required(text('file to write', 'FILE')),
    progress: switchFlag('draw progress even when stderr is not a terminal'),
  },
  args: [],
} as const satisfies CommandSpec;

function micros(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseRfc3339Micros(value);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return usageError(`--${flag}: ${error.message}`);
  }
}

/** The export rendered here from the findings logged in a data folder. */
async function exportFromDir(
  dir: string,
  format: (typeof FORMATS)[number],
  window: { from: number | undefined; to: number | undefined },
  link: string | undefined
): Promise<string> {
  // Any valid date: only the findings and the agreement are used here.
  const inputs = await reportInputsFromDir(dir, '1970-01-01');
  const findings = inputs.findings.filter((f: Finding) => {
    const t = parseRfc3339Micros(f.properties.time);
    return (
      (window.from === undefined || t >= window.from) &&
      (window.to === undefined || t < window.to)
    );
  });
  if (format === 'geojson') return findingsToGeoJsonText(findings);
  const parties = inputs.agreement?.parties ?? [];
  return findingsToCsv(findings, {
    partyNames: Object.fromEntries(parties.map((p) => [p.id, p.name])),
    ...(link === undefined ? {} : { evidenceBaseUrl: link }),
  });
}

/** `truce export findings`: findings as CSV (ACLED-like) or GeoJSON. */
export const exportFindingsCommand: Command = {
  name: 'export findings',
  summary: 'Export findings as ACLED-like CSV or GeoJSON for QGIS and others',
  usage: `usage: truce export findings --format csv|geojson [--from TIME] [--to TIME]
       (--server URL | --data DIR) --out FILE

Writes the findings (superseded versions left out when read from a server)
as an RFC 7946 GeoJSON FeatureCollection or as RFC 4180 CSV with ACLED-like
columns (event_date, event_type, sub_event_type, actor1, latitude,
longitude, geo_precision, source, notes, then Truce's own). The columns and
how to load either file in QGIS: docs/reports.md.

flags:
${formatFlags(SPEC)}
`,
  async run(argv, io) {
    const config = parseConfig(SPEC, argv, io.env);
    if ((config.server === undefined) === (config.data === undefined)) {
      usageError('give exactly one of --server and --data');
    }
    const window = {
      from: micros(config.from, 'from'),
      to: micros(config.to, 'to'),
    };
    if (
      window.from !== undefined &&
      window.to !== undefined &&
      window.from > window.to
    ) {
      usageError('--from is after --to');
    }
    const progress = createProgress(io.stderr, {
      label: `export ${config.format}`,
      force: config.progress,
    });
    progress.update(0, 2);
    let body: string;
    if (config.server !== undefined) {
      const query = new URLSearchParams();
      if (config.from !== undefined) query.set('from', config.from);
      if (config.to !== undefined) query.set('to', config.to);
      const q = query.size === 0 ? '' : `?${query}`;
      body = await fetchText(
        `${config.server}/v1/exports/findings.${config.format}${q}`,
        io.fetch
      );
    } else {
      body = await exportFromDir(
        config.data!,
        config.format,
        window,
        config.link
      );
    }
    progress.update(1, 2);
    try {
      mkdirSync(dirname(config.out), { recursive: true });
      writeFileSync(config.out, body);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new CliError(
        'INPUT_UNUSABLE',
        `cannot write ${config.out}: ${code}`,
        {
          cause: error,
        }
      );
    }
    progress.update(2, 2);
    progress.finish();
    // Both formats hold one finding per line after the first.
    const rows =
      config.format === 'csv'
        ? body.split('\r\n').length - 2
        : body.split('\n').filter((l) => l.startsWith('{"type":"Feature"'))
            .length;
    println(
      io.stdout,
      `wrote ${config.out}: ${rows} findings (${config.format})`
    );
    return EXIT_OK;
  },
};
