export * from './codes.js';
export * from './roles.js';
export * from './observations.js';
export * from './proofs.js';
export * from './sensors.js';
