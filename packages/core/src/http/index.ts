export { currentAttempt, runWithAttempt } from './attempt-context.js';
export * from './download-stream.js';
export * from './fetch-failure.js';
export * from './instrument-fetch.js';
export * from './redact.js';
export * from './request-body.js';
export * from './retry-after.js';
export * from './url-scope.js';
