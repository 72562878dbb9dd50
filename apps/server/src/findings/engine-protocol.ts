import type {
  Agreement,
  Finding,
  FusionSensor,
  Observation,
} from '@truce/core';
import type { RunnerEngineOptions } from './findings-runner.js';

/** What the findings worker is started with (its workerData). */
export type EngineWorkerInit = {
  options: RunnerEngineOptions;
  /** Finding ids already logged: never returned again. */
  logged: string[];
};

/**
 * An observation as it crosses to the worker: its sensor's record is sent
 * the first time and whenever the registry replaced it, else only its id.
 */
export type WireObservation = {
  index: number;
  observation: Observation;
  fromMicros: number;
  sensor?: FusionSensor;
};

/** Main thread to worker, applied in the order sent. */
export type ToEngine =
  | { type: 'add'; items: WireObservation[] }
  | { type: 'reset' }
  | { type: 'agreement'; agreement: Agreement | undefined }
  | { type: 'run'; id: number; nowFromMicros: number; nowMicros?: number };

/** Worker to main thread. */
export type FromEngine =
  /** Findings of run `id` ready before its pool fusion; more follow. */
  | { type: 'early'; id: number; findings: Finding[] }
  | { type: 'result'; id: number; findings: Finding[] }
  | { type: 'failed'; id: number; message: string }
  /** An error the engine reported and carried on after (its onError). */
  | { type: 'error'; context: string; message: string };
