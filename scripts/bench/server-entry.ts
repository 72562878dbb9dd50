// The log server as the benchmark runs it: a child process of its own, so
// its RSS and CPU are measured apart from the load generator. Started with
// fork(); told to stop over IPC, it closes cleanly (the store checkpoints
// its WAL) and exits.
import { parseServerConfig, startServer } from '@truce/server';

const raw: unknown = JSON.parse(process.argv[2] ?? '{}');
const server = await startServer(parseServerConfig(raw));
const send = (msg: object) => process.send?.(msg);
send({ type: 'listening', url: server.url });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  send({ type: 'closed' });
  process.disconnect?.();
};
process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') void stop();
});
// The parent went away without saying stop: do not outlive it.
process.on('disconnect', () => {
  void stop().then(() => process.exit(0));
});
