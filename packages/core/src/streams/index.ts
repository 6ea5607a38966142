export * from './chunker.js';
export * from './sources.js';
