import type { KielIssueCode } from '../errors.js';
import type { CsvIssue } from './csv.js';

// Field checks shared by the Kiel importers (kiel-*.ts).

export const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
export const COUNT = /^(?:0|[1-9][0-9]*)$/;
// The source gives EUR bn to six decimals (EUR 1,000); sums keep that.
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export type Issues = CsvIssue[];

export function push(
  issues: Issues,
  code: KielIssueCode,
  line: number,
  column: string,
  message: string
): void {
  issues.push({ code, line, path: [line, column], message });
}

export function decimal(
  issues: Issues,
  line: number,
  column: string,
  raw: string
): number {
  if (!DECIMAL.test(raw)) {
    push(
      issues,
      'KIEL_NUMBER_INVALID',
      line,
      column,
      `${column} "${raw}" is not a number`
    );
    return 0;
  }
  return Number(raw);
}

export function sorted(issues: CsvIssue[]): CsvIssue[] {
  return [...issues].sort((a, b) => a.line - b.line);
}
