import type { TruceClient } from '@truce/protocol';
import { createTruceClient } from '@truce/protocol';
import type { CliIo } from './io.js';

/** The typed HTTP client for `url`, with the io's fetch when it has one. */
export function clientFor(io: CliIo, url: string, token?: string): TruceClient {
  return createTruceClient({
    baseUrl: url,
    ...(token === undefined ? {} : { token }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
}
