import type { FetchLike } from '@truce/protocol';
import { CliError } from '../errors.js';

/**
 * GETs `url` and returns its body. A network failure is INPUT_UNUSABLE
 * (exit 2); an error answer is FAILED with the server's code.
 */
export async function fetchText(
  url: string,
  fetchImpl: FetchLike = fetch
): Promise<string> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot reach ${url}${cause?.code === undefined ? '' : ` (${cause.code})`}`,
      { cause: error }
    );
  }
  const body = await res.text();
  if (!res.ok) {
    let code = `HTTP ${res.status}`;
    try {
      const parsed = JSON.parse(body) as { code?: string; message?: string };
      if (parsed.code !== undefined)
        code = `${parsed.code}: ${parsed.message ?? ''}`;
    } catch {
      // Not our JSON error body; the status says enough.
    }
    throw new CliError('FAILED', `the server said ${code}`);
  }
  return body;
}
