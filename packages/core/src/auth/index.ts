export type { FileLockOptions } from './file-lock.js';
export * from './file-token-store.js';
export * from './loopback-callback.js';
export * from './memory-token-store.js';
export * from './pkce.js';
export { oauthErrorCode } from './refresh-errors.js';
export { TOKEN_KEY_ENV } from './token-key.js';
export * from './token-manager.js';
export * from './token-store.js';
