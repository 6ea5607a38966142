export * from './keyed-mutex.js';
export * from './max-timer.js';
