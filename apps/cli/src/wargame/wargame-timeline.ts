import type { WargameReport } from '@truce/core';

const PROCEDURES: Record<string, string> = {
  parliament_vote: 'parliament vote',
  cabinet_decision: 'cabinet decision',
  none: 'no procedure',
};

const tierName = (t: WargameReport['peak']) =>
  t === null ? 'no tier' : `${t.id} (level ${t.level}, ${t.name})`;

/** "+5 h" or "+14 d 5 h": an hour offset from the campaign's start. */
function hourLabel(hour: number): string {
  const days = Math.floor(hour / 24);
  return days === 0 ? `+${hour} h` : `+${days} d ${hour % 24} h`;
}

/** The wargame's timeline as lines for a terminal. */
export function wargameTimeline(report: WargameReport): string[] {
  const lines = [
    `wargame: ladder ${report.ladder.id} v${report.ladder.version}, ${report.findings} findings (taken as verified), from ${report.start}, ${report.hours} h`,
    `peak: ${tierName(report.peak)}`,
    '',
    'timeline:',
  ];
  if (report.changes.length === 0) lines.push('  no tier reached');
  for (const change of report.changes) {
    lines.push(
      `  ${hourLabel(change.hour).padEnd(10)} ${change.at}  ${change.from?.id ?? 'none'} -> ${change.to?.id ?? 'none'}${change.to === null ? '' : ` (${change.to.name})`}`
    );
    for (const response of change.plan.responses) {
      const who =
        response.pledges.length === 0
          ? 'UNCOVERED'
          : response.pledges
              .map((p) =>
                p.waitDays === 0
                  ? `${p.member} now`
                  : `${p.member} after ${p.waitDays} d (${PROCEDURES[p.procedure]})`
              )
              .join(', ');
      lines.push(`             ${response.type}: ${who}`);
    }
    if (change.to !== null) {
      const ready = change.readyInHours;
      lines.push(
        ready === null
          ? `             full response: never (${change.plan.uncovered.length} uncovered)`
          : `             full response: ${ready === 0 ? 'at once' : `after ${hourLabel(ready).slice(1)}`}`
      );
    }
  }
  lines.push('', 'gaps:');
  const uncovered = report.gaps.map(
    (g) =>
      `  ${hourLabel(g.hour)}: ${g.tier} calls for ${g.response}; no pledge covers it`
  );
  const waits = report.actions
    .filter((a) => a.waitDays > 0)
    .map(
      (a) =>
        `  ${hourLabel(a.calledHour)}: ${a.member} ${a.pledge} (${a.response}) waits ${a.waitDays} d for a ${PROCEDURES[a.procedure]}, acts at ${hourLabel(a.effectiveHour)}`
    );
  const commission = report.awaitingCommission
    .filter((w) => w.tiers.length > 0)
    .map(
      (w) =>
        `  ${hourLabel(w.hour)}: ${w.tiers.join(', ')} would hold but waits for the Special Commission`
    );
  const all = [...uncovered, ...waits, ...commission];
  lines.push(...(all.length === 0 ? ['  none'] : all));
  return lines;
}
