import { setTimeout as sleep } from 'node:timers/promises';
import {
  OBSERVATION_PAYLOAD_TYPE,
  ed25519Sign,
  signEnvelope,
  utf8Encode,
} from '@truce/core';
import { ClientError } from '@truce/protocol';
import type { Command } from '../command.js';
import { parseCommandConfig, usageOf } from '../config.js';
import { demoAdminToken, demoSensorKeys } from '../demo/demo-setup.js';
import {
  DEMO_SENSORS,
  DemoSimulator,
  seededRandom,
} from '../demo/simulator.js';
import { EXIT_OK } from '../errors.js';
import { clientFor } from '../http-client.js';
import { println } from '../io.js';
import { launchServer, printEndpoints } from '../server-launch.js';

/** `truce demo`: a server fed by simulated sensors, for a first look. */
export const runDemoCommand: Command = {
  name: 'demo',
  summary: 'Run a server fed by simulated sensors',
  usage: usageOf(
    'demo',
    'truce demo [--data DIR] [--port N] [--interval-ms MS] [server flags]',
    'Runs the log server (like truce serve) and, from the same process, registers a\nhandful of simulated sensors with an admin token made on first start, then\nsends their signed observations over HTTP every interval. Stop with Ctrl-C.'
  ),
  async run(argv, io) {
    const config = parseCommandConfig('demo', argv, io.env);
    const shutdown = io.shutdownSignal();
    const running = await launchServer(config);
    printEndpoints(io, running);
    let sent = 0;
    let accepted = 0;
    try {
      const token = await demoAdminToken(io, config.data, running);
      const client = clientFor(io, running.url, token);
      const keys = await demoSensorKeys(config.data, DEMO_SENSORS, client);
      println(
        io.stdout,
        `  ${keys.size} simulated sensors; sending observations. Ctrl-C stops.`
      );
      const simulator = new DemoSimulator(DEMO_SENSORS, seededRandom(io.now()));
      const sendTick = async () => {
        const envelopes = simulator.tick(io.now()).map(({ sensor, payload }) =>
          signEnvelope({
            payloadType: OBSERVATION_PAYLOAD_TYPE,
            payload: utf8Encode(JSON.stringify(payload)),
            keyid: sensor,
            sign: (message) => ed25519Sign(keys.get(sensor)!.seed, message),
          })
        );
        if (envelopes.length === 0) return;
        try {
          const { results } = await client.submitObservations(envelopes);
          sent += results.length;
          accepted += results.filter((r) => r.status === 'accepted').length;
        } catch (error) {
          if (!(error instanceof ClientError)) throw error;
          println(io.stderr, `demo: ${error.code}: ${error.message}`);
        }
      };
      // One tick at a time: a slow tick delays the next instead of piling up.
      while (!shutdown.aborted) {
        await sendTick();
        await sleep(config.intervalMs, undefined, { signal: shutdown }).catch(
          () => {}
        );
      }
      println(io.stderr, 'stopping...');
    } finally {
      await running.close();
    }
    println(io.stdout, `demo sent ${sent} observations, ${accepted} accepted`);
    return EXIT_OK;
  },
};
