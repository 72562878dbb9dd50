import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CoreError,
  formatRfc3339Micros,
  parseReportDay,
  summarizeDay,
} from '@truce/core';
import type { FetchLike } from '@truce/protocol';
import { renderDailyReport, withdrawalLinesOf } from '@truce/report';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, usageError } from '../errors.js';
import type { CommandSpec } from '../flags.js';
import {
  baseUrl,
  formatFlags,
  parseConfig,
  required,
  switchFlag,
  text,
  withDefault,
} from '../flags.js';
import { println } from '../io.js';
import { createProgress } from '../progress.js';
import { DEFAULT_CHROMIUM, printPdf } from '../report/pdf-printer.js';
import { fetchText } from '../report/fetch-text.js';
import { reportInputsFromDir } from '../report/report-source.js';

const SPEC = {
  flags: {
    date: required(text('the UTC day to report, YYYY-MM-DD', 'DATE')),
    server: baseUrl('take the report from this server (GET /v1/reports/daily)'),
    data: text(
      "read the log in DIR: a server's data folder or a `truce replay` output folder",
      'DIR'
    ),
    out: required(
      text('folder to write the report to (created if missing)', 'DIR')
    ),
    link: baseUrl('with --data: server base URL for the evidence links'),
    chromium: withDefault(
      text('Chromium executable that prints the PDF', 'PATH'),
      DEFAULT_CHROMIUM
    ),
    noPdf: switchFlag('write the HTML only'),
    progress: switchFlag('draw progress even when stderr is not a terminal'),
  },
  args: [],
} as const satisfies CommandSpec;

const CONTACT_LINE_NOTE = "the agreement's contactLine";

/** The HTML of the report, from a server or rendered from a data folder. */
async function reportHtml(
  config: ReturnType<typeof parseConfig<typeof SPEC>>,
  fetch: FetchLike | undefined,
  now: number
): Promise<string> {
  if (config.server !== undefined) {
    const url = `${config.server}/v1/reports/daily?date=${encodeURIComponent(config.date)}`;
    return fetchText(url, fetch);
  }
  const inputs = await reportInputsFromDir(config.data!, config.date);
  const summary = summarizeDay({
    date: config.date,
    findings: inputs.findings,
    gaps: inputs.gaps,
    restrictions: inputs.restrictions,
  });
  const a = inputs.agreement;
  return renderDailyReport(summary, {
    parties: a?.parties ?? [],
    ...(a === undefined
      ? {}
      : {
          contactLine: a.contactLine,
          withdrawalLines: withdrawalLinesOf(a),
          contactLineSource: `${CONTACT_LINE_NOTE}${a.notes === undefined ? '' : ` (${a.notes})`}`,
          agreement: { id: a.id, version: a.version, title: a.title },
        }),
    ...(config.link === undefined ? {} : { evidenceBaseUrl: config.link }),
    generatedAt: formatRfc3339Micros(Math.floor(now) * 1000),
  });
}

/** `truce report daily`: the daily report of one day as HTML and PDF. */
export const reportDailyCommand: Command = {
  name: 'report daily',
  summary: 'Write the daily report of a day as HTML and PDF',
  usage: `usage: truce report daily --date YYYY-MM-DD (--server URL | --data DIR) --out DIR

Writes DIR/report-YYYY-MM-DD.html and DIR/report-YYYY-MM-DD.pdf: the day's
findings by kind, rule, weapon class, party and sector against the day
before, a map, weapons in violation of withdrawal lines, restrictions and
denial of monitoring, and every finding with a link to its evidence. With
--server the server renders the HTML; with --data it is rendered here from
the log. The PDF is printed by Chromium (playwright-core). See docs/reports.md.

flags:
${formatFlags(SPEC)}
`,
  async run(argv, io) {
    const config = parseConfig(SPEC, argv, io.env);
    if ((config.server === undefined) === (config.data === undefined)) {
      usageError('give exactly one of --server and --data');
    }
    try {
      parseReportDay(config.date);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      usageError(`--date: ${error.message}`);
    }
    const steps = config.noPdf ? 2 : 3;
    const progress = createProgress(io.stderr, {
      label: `report ${config.date}`,
      force: config.progress,
    });
    progress.update(0, steps);
    const html = await reportHtml(config, io.fetch, io.now());
    progress.update(1, steps);
    const base = join(config.out, `report-${config.date}`);
    const written: string[] = [];
    const write = (path: string, data: string | Uint8Array) => {
      try {
        mkdirSync(config.out, { recursive: true });
        writeFileSync(path, data);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CliError('INPUT_UNUSABLE', `cannot write ${path}: ${code}`, {
          cause: error,
        });
      }
      written.push(`${path} (${data.length} bytes)`);
    };
    write(`${base}.html`, html);
    progress.update(2, steps);
    if (!config.noPdf) {
      write(`${base}.pdf`, await printPdf(html, config.chromium));
      progress.update(3, steps);
    }
    progress.finish();
    for (const line of written) println(io.stdout, `wrote ${line}`);
    return EXIT_OK;
  },
};
