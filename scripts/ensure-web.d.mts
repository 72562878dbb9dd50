/** Whether apps/web/dist is missing or older than its newest input. */
export function webBuildIsStale(): boolean;
/** Builds apps/web/dist unless it is current (or always, with force); true when it built. */
export function ensureWeb(options?: {
  force?: boolean;
  log?: (line: string) => void;
}): Promise<boolean>;
