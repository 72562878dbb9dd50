export { toThrowWithCode } from './matchers.js';
export * from './vectors.js';
