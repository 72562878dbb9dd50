import type { FindingFeature } from '@truce/protocol';

export type { FindingFeature };

/** Where the dashboard's live state comes from right now. */
export type LiveMode = 'connecting' | 'sse' | 'polling' | 'offline';

/** `tier` events (GET /v1/events). */
export type TierEvent = { at: string; from: unknown; to: unknown };

/** `checkpoint` events (GET /v1/events). */
export type CheckpointEvent = { size: number; rootHash: string };
