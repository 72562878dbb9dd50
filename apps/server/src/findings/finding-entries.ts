import type { Finding, FindingReview } from '@truce/core';
import { CoreError, encodeLogEntry } from '@truce/core';
import { ApiError } from '../errors.js';
import type { NewEntry } from '../storage/store.js';

/**
 * The `finding` entries of fresh findings, logged by `actor` at `time`;
 * a finding too large for one entry (ENTRY_TOO_LARGE: too many sources)
 * is left out and returned in `failed`.
 */
export function findingEntries(
  fresh: readonly Finding[],
  time: string,
  actor: string
): {
  entries: NewEntry[];
  logged: Finding[];
  failed: { finding: Finding; error: unknown }[];
} {
  const entries: NewEntry[] = [];
  const logged: Finding[] = [];
  const failed: { finding: Finding; error: unknown }[] = [];
  for (const finding of fresh) {
    try {
      const bytes = encodeLogEntry({
        v: 1,
        type: 'finding',
        time,
        actor,
        finding,
      });
      entries.push({ bytes, type: 'finding' });
      logged.push(finding);
    } catch (error) {
      failed.push({ finding, error });
    }
  }
  return { entries, logged, failed };
}

/** A review's entry; a review the schema refuses is ApiError BODY_SCHEMA. */
export function reviewEntry(review: FindingReview): NewEntry {
  try {
    const bytes = encodeLogEntry({ ...review, v: 1, type: 'finding_review' });
    return { bytes, type: 'finding_review' };
  } catch (error) {
    if (error instanceof CoreError) {
      throw new ApiError('BODY_SCHEMA', error.message, { cause: error });
    }
    throw error;
  }
}
