import { writeFileSync } from 'node:fs';
import type { WargameReport } from '@truce/core';
import { CoreError, canonicalJson, runWargame } from '@truce/core';
import type { Command } from '../command.js';
import { CliError, EXIT_OK } from '../errors.js';
import type { CommandSpec } from '../flags.js';
import {
  formatFlags,
  integer,
  parseConfig,
  required,
  switchFlag,
  text,
} from '../flags.js';
import { println } from '../io.js';
import { createProgress } from '../progress.js';
import {
  assumedDecisions,
  readCoalition,
  readLadder,
  replayFindings,
} from '../wargame/wargame-inputs.js';
import { wargameTimeline } from '../wargame/wargame-timeline.js';

const SPEC = {
  flags: {
    coalition: required(
      text('coalition document or GET /v1/coalition body', 'FILE')
    ),
    ladder: required(text('escalation ladder (docs/response.md)', 'FILE')),
    scenario: required(text('scenario bundle folder (DESIGN 4.4)', 'BUNDLE')),
    json: text('also write the report as JSON here', 'OUT'),
    hours: integer(
      'hours to step (default: to one hour past the last finding)',
      'N',
      1,
      24 * 366
    ),
    commissionHours: integer(
      'assume the Special Commission confirms each attributed finding N hours after it',
      'N',
      0,
      24 * 366
    ),
    progress: switchFlag(
      'draw a progress bar even when stderr is not a terminal'
    ),
  },
  args: [],
} as const satisfies CommandSpec;

const DESCRIPTION = `Credibility what-if (docs/response.md): replays a scenario bundle offline as
truce replay does, takes every finding as verified, then steps hour by hour
through the campaign against the ladder and the coalition's pledges. Prints
the hour each tier is reached, which member's pledges act when, and the gaps:
responses nobody covers, pledges waiting for a parliament vote, and tiers
waiting for the Special Commission. --json OUT writes the full report.`;

/** `truce wargame`: how the ladder and the pledges answer a campaign. */
export const runWargameCommand: Command = {
  name: 'wargame',
  summary: 'Replay a violation campaign against the ladder and the pledges',
  usage: `usage: truce wargame --coalition FILE --ladder FILE --scenario BUNDLE [--json OUT]\n\n${DESCRIPTION}\n\nflags:\n${formatFlags(SPEC)}\n`,
  async run(argv, io) {
    const config = parseConfig(SPEC, argv, io.env);
    const coalition = readCoalition(config.coalition);
    const replayBar = createProgress(io.stderr, {
      label: 'replay',
      force: config.progress,
    });
    let replayed: ReturnType<typeof replayFindings>;
    try {
      replayed = replayFindings(config.scenario, (d, t) =>
        replayBar.update(d, t)
      );
    } finally {
      replayBar.finish();
    }
    const ladder = readLadder(config.ladder, replayed.ruleIds);
    const stepBar = createProgress(io.stderr, {
      label: 'wargame',
      force: config.progress,
    });
    let report: WargameReport;
    try {
      report = runWargame({
        findings: replayed.findings,
        ladder,
        pledges: coalition.pledges,
        gdp: coalition.gdp,
        ...(config.commissionHours === undefined
          ? {}
          : {
              decisions: assumedDecisions(
                replayed.findings,
                config.commissionHours
              ),
            }),
        ...(config.hours === undefined ? {} : { hours: config.hours }),
        onProgress: (d, t) => stepBar.update(d, t),
      });
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw new CliError('INPUT_UNUSABLE', error.message, { cause: error });
    } finally {
      stepBar.finish();
    }
    for (const line of wargameTimeline(report)) println(io.stdout, line);
    if (config.json !== undefined) {
      try {
        writeFileSync(
          config.json,
          `${JSON.stringify(JSON.parse(canonicalJson(report)), null, 2)}\n`
        );
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CliError(
          'INPUT_UNUSABLE',
          `cannot write ${config.json}: ${code}`,
          { cause: error }
        );
      }
    }
    return EXIT_OK;
  },
};
