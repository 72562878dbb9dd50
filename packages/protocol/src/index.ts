export * from './codes.js';
export * from './errors.js';
export * from './roles.js';
export * from './observations.js';
export * from './proofs.js';
export * from './sensors.js';
export * from './client.js';
export * from './findings.js';
