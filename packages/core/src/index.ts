// The public surface of @truce/core. Code inside the package imports
// siblings directly, never this file (STYLE §3.11).
export * from './errors.js';
export * from './bytes.js';
export * from './hash.js';

// --- tlog (RFC 9162, C2SP signed-note / tlog-checkpoint / tlog-cosignature / tlog-tiles)

// --- observations, canonical JSON, log entries, sensor registry
