import type { Issue } from '@truce/core';

/** One problem as a line: `FAIL <CODE> <path>: <message>`. */
export function formatIssue(issue: Issue, label = 'FAIL'): string {
  const path = issue.path.length === 0 ? '.' : issue.path.join('/');
  return `${label} ${issue.code} ${path}: ${issue.message}`;
}
