// The log server of the sustained latency bench, as a child process: it
// tells the parent over IPC each finding the engine publishes on its event
// bus (the `finding` events GET /v1/events streams), with the wall-clock
// time it was published, so latency is measured without polling.
import { parseServerConfig, startServer } from '@truce/server';

const raw: unknown = JSON.parse(process.argv[2] ?? '{}');
const server = await startServer(parseServerConfig(raw));
const send = (msg: object) => process.send?.(msg);
const unsubscribe = server.services.events.subscribe((event) => {
  if (event.type !== 'finding') return;
  const { properties } = event.data as { properties: { sources: number[] } };
  send({
    type: 'finding',
    at: performance.timeOrigin + performance.now(),
    sources: properties.sources,
  });
});
send({ type: 'listening', url: server.url });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  unsubscribe();
  await server.close();
  process.disconnect?.();
};
process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') void stop();
});
process.on('disconnect', () => {
  void stop().then(() => process.exit(0));
});
