export * from './numbered-name.js';
export * from './paths.js';
