import type { Issue, KielIssueCode } from '../errors.js';

/** A problem in a CSV file, with the 1-based line its record starts on. */
export type CsvIssue = Issue<KielIssueCode> & { line: number };

/** One record: its fields and the line it starts on (a quoted field may span lines). */
export type CsvRecord = { line: number; fields: string[] };

/** A header row and the records under it, keyed by column name. */
export type CsvTable = {
  columns: string[];
  rows: { line: number; values: Record<string, string> }[];
};

function issue(code: KielIssueCode, line: number, message: string): CsvIssue {
  return { code, line, path: [line], message };
}

/**
 * Parses CSV as RFC 4180 section 2 defines it: comma-separated fields,
 * fields in double quotes may hold commas, line breaks and `""` for a
 * quote. Records end in CRLF; a bare LF is accepted too, since most tools
 * write it. Blank lines are skipped. A record with a stray quote is dropped
 * and reported; an unterminated quote ends the parse.
 */
export function parseCsv(text: string): {
  records: CsvRecord[];
  issues: CsvIssue[];
} {
  const records: CsvRecord[] = [];
  const issues: CsvIssue[] = [];
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    let bad: string | undefined;
    let ended = false;
    while (!ended) {
      let field = '';
      if (s[i] === '"') {
        i++;
        let closed = false;
        while (i < s.length) {
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          issues.push(
            issue(
              'CSV_QUOTE_UNTERMINATED',
              start,
              'a quoted field is never closed'
            )
          );
          return { records, issues };
        }
        const after = s[i];
        if (after !== undefined && after !== ',' && !atBreak(s, i)) {
          bad ??= 'text after the closing quote of a field';
        }
      }
      // Unquoted text (or junk after a closing quote) up to the separator.
      while (i < s.length && s[i] !== ',' && !atBreak(s, i)) {
        if (s[i] === '"') bad ??= 'a quote inside an unquoted field';
        field += s[i];
        i++;
      }
      fields.push(field);
      if (s[i] === ',') {
        i++;
        continue;
      }
      ended = true;
    }
    if (i < s.length) {
      i += s[i] === '\r' ? 2 : 1;
      line++;
    }
    if (bad !== undefined) {
      issues.push(issue('CSV_QUOTE_STRAY', start, bad));
    } else if (!(fields.length === 1 && fields[0] === '')) {
      records.push({ line: start, fields });
    }
  }
  return { records, issues };
}

function atBreak(s: string, i: number): boolean {
  return s[i] === '\n' || (s[i] === '\r' && s[i + 1] === '\n');
}

/**
 * Parses a CSV file whose first record names the columns. Every record
 * must have as many fields as the header (RFC 4180 section 2.4), and the
 * header must name each of `required`.
 */
export function parseCsvTable(
  text: string,
  required: readonly string[]
): { table: CsvTable; issues: CsvIssue[] } {
  const { records, issues } = parseCsv(text);
  const [head, ...body] = records;
  const columns = head?.fields ?? [];
  const missing = required.filter((c) => !columns.includes(c));
  if (head === undefined || missing.length > 0) {
    issues.push(
      issue(
        'CSV_HEADER_MISSING_COLUMN',
        head?.line ?? 1,
        `the header lacks ${missing.join(', ')}`
      )
    );
    return { table: { columns, rows: [] }, issues };
  }
  const rows: CsvTable['rows'] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      issues.push(
        issue(
          'CSV_FIELD_COUNT',
          record.line,
          `${record.fields.length} fields; the header has ${columns.length}`
        )
      );
      continue;
    }
    rows.push({
      line: record.line,
      values: Object.fromEntries(columns.map((c, k) => [c, record.fields[k]!])),
    });
  }
  issues.sort((a, b) => a.line - b.line);
  return { table: { columns, rows }, issues };
}
