#!/usr/bin/env node
// The `truce` executable. It runs the TypeScript sources directly (through
// tsx) and resolves workspace packages to their sources through the
// `@truce/source` export condition, so there is no build step to forget.
import { register } from 'node:module';

register('./source-condition.js', import.meta.url);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
