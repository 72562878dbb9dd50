import { resolveFusionParams, type FusionOptions } from '@truce/core';
import type { RunningServer } from '@truce/server';
import type { CommandConfig } from './config.js';
import { serverConfigInput } from './config.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { println } from './io.js';
import { readPolicyFile, readTextFile } from './policy-file.js';

/**
 * Starts the log server from serve or demo flags. The server is imported
 * here, on use, so that commands that only talk HTTP start fast.
 */
export async function launchServer(
  config: CommandConfig<'serve'> | CommandConfig<'demo'>,
  overrides: Record<string, unknown> = {}
): Promise<RunningServer> {
  // The server reads the policy and the fusion parameters itself; reading
  // them first makes a missing or invalid one unusable input (exit 2)
  // before anything starts.
  if (config.policy !== undefined) readPolicyFile(config.policy);
  if (config.fusionParams !== undefined) checkFusionParams(config.fusionParams);
  const server = await import('@truce/server');
  let serverConfig;
  try {
    serverConfig = server.parseServerConfig({
      ...serverConfigInput(config),
      ...overrides,
    });
  } catch (error) {
    if (error instanceof server.ConfigError) {
      throw new CliError('USAGE', error.message, { cause: error });
    }
    throw error;
  }
  return server.startServer(serverConfig);
}

/** Reads and checks a fusion parameters file; any failure is INPUT_UNUSABLE. */
function checkFusionParams(path: string): void {
  const text = readTextFile(path, 'fusion parameters file');
  try {
    resolveFusionParams(JSON.parse(text) as FusionOptions);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(
      'INPUT_UNUSABLE',
      `fusion parameters file ${path}: ${detail}`,
      {
        cause: error,
      }
    );
  }
}

/** Prints where the running server answers. */
export function printEndpoints(io: CliIo, running: RunningServer): void {
  const { url } = running;
  println(io.stdout, `Truce log server listening at ${url}`);
  println(io.stdout, `  API docs:    ${url}/docs`);
  println(io.stdout, `  checkpoint:  ${url}/log/checkpoint`);
  println(io.stdout, `  vkey:        ${running.services.verifierKey}`);
  const witnesses = running.services.cosigner?.status() ?? [];
  for (const witness of witnesses) {
    println(io.stdout, `  witness:     ${witness.name} at ${witness.url}`);
  }
}
