import { describe, expect, it } from 'vitest';
import { cancelledError, isPolydriveError, PolydriveError } from '../src/index.js';

describe('PolydriveError', () => {
  it('says what happened, where, and what to do', () => {
    const err = new PolydriveError('RateLimited', {
      message: 'Too many requests.',
      provider: 'onedrive',
      operation: 'write',
      target: '/a.txt',
      httpStatus: 429,
      providerCode: 'activityLimitReached',
      requestId: 'req-1',
      retryAfterMs: 30_000,
    });
    expect(err.message).toBe(
      'RateLimited: Too many requests. [onedrive write "/a.txt"] (HTTP 429, activityLimitReached, request-id req-1) Wait and retry; the retry layer does this for you when it is enabled.',
    );
    expect(err.retryable).toBe(true);
    expect(err.toJSON()).toMatchObject({
      code: 'RateLimited',
      retryAfterMs: 30_000,
      requestId: 'req-1',
    });
  });

  it('is not retryable by default for permanent codes, and advice can be replaced', () => {
    const err = new PolydriveError('QuotaExceeded', {
      message: 'Full.',
      advice: 'Delete old backups.',
    });
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('QuotaExceeded: Full. Delete old backups.');
  });

  it('fills missing context without losing what is set', () => {
    const err = new PolydriveError('NotFound', { message: 'Gone.', target: '/x' });
    const withCtx = err.withContext({ provider: 'memory', operation: 'stat', target: '/y' });
    expect(withCtx.provider).toBe('memory');
    expect(withCtx.target).toBe('/x');
    expect(withCtx.code).toBe('NotFound');
    expect(err.withContext({ target: '/z' })).toBe(err);
  });

  it('recognises codes and turns an abort into Cancelled', () => {
    const err = new PolydriveError('NotFound', { message: 'x' });
    expect(isPolydriveError(err, 'NotFound', 'NotAFile')).toBe(true);
    expect(isPolydriveError(err, 'Transient')).toBe(false);
    const controller = new AbortController();
    controller.abort();
    expect(cancelledError(controller.signal).code).toBe('Cancelled');
    const timeout = new PolydriveError('Transient', { message: 'timed out' });
    const c2 = new AbortController();
    c2.abort(timeout);
    expect(cancelledError(c2.signal)).toBe(timeout);
  });
});
