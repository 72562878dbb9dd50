// Bootstrap of the findings worker thread. Node 20 does not carry the main
// thread's module hooks into workers, so this registers tsx here (the
// `@truce/source` condition comes with the worker's execArgv) and then
// loads the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
