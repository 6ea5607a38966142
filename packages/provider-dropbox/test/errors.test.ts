import { describe, expect, it } from 'vitest';
import { failureError, readFailure, summaryTags, unionTags } from '../src/api/errors.js';

const context = { operation: 'write', target: '/a.txt' };

function conflict(summary: string) {
  return readFailure(409, new Headers({ 'x-dropbox-request-id': 'r1' }), {
    error_summary: summary,
    error: { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': 'file' } } },
  });
}

describe('Dropbox error answers', () => {
  it('match error_summary by prefix, whatever dots end it', () => {
    expect(summaryTags('path/conflict/file/..')).toEqual(['path', 'conflict', 'file']);
    expect(summaryTags('path/conflict/file/...')).toEqual(['path', 'conflict', 'file']);
    expect(summaryTags('reset/.')).toEqual(['reset']);
    const error = failureError(conflict('path/conflict/file/...'), context);
    expect([error.code, error.providerCode, error.requestId, error.httpStatus]).toEqual([
      'AlreadyExists',
      'path/conflict/file',
      'r1',
      409,
    ]);
  });

  it('read the tags of a failure union when there is no summary (batch entries)', () => {
    expect(
      unionTags({
        '.tag': 'lookup_failed',
        lookup_failed: { '.tag': 'incorrect_offset', correct_offset: 4 },
      }),
    ).toEqual(['lookup_failed', 'incorrect_offset']);
    expect(unionTags({ '.tag': 'path', reason: { '.tag': 'insufficient_space' } })).toEqual([
      'path',
      'insufficient_space',
    ]);
  });

  it('turn a conflict under ifMatch into PreconditionFailed, a wrong offset into a retryable Conflict', () => {
    expect(
      failureError(conflict('path/conflict/file/..'), { ...context, ifMatch: true }).code,
    ).toBe('PreconditionFailed');
    const offset = failureError(
      readFailure(409, new Headers(), {
        error_summary: 'incorrect_offset/..',
        error: { '.tag': 'incorrect_offset', correct_offset: 8 },
      }),
      context,
    );
    expect([offset.code, offset.retryable]).toEqual(['Conflict', true]);
  });

  it('read Retry-After from the header or from retry_after in the body', () => {
    const fromBody = readFailure(429, new Headers(), {
      error_summary: 'too_many_write_operations/..',
      error: { reason: { '.tag': 'too_many_write_operations' }, retry_after: 3 },
    });
    const error = failureError(fromBody, context);
    expect([error.code, error.retryAfterMs, error.providerCode]).toEqual([
      'RateLimited',
      3000,
      'too_many_write_operations',
    ]);
    expect(
      readFailure(503, new Headers({ 'retry-after': '2' }), 'Service Unavailable').retryAfterMs,
    ).toBe(2000);
  });

  it('name the missing scope, and say what to do about an unknown error', () => {
    const scope = failureError(
      readFailure(401, new Headers(), {
        error_summary: 'missing_scope/..',
        error: { '.tag': 'missing_scope', required_scope: 'sharing.write' },
      }),
      context,
    );
    expect(scope.code).toBe('PermissionDenied');
    expect(scope.message).toContain('sharing.write');
    expect(scope.message).toMatch(/App Console/);
    const unknown = failureError(
      readFailure(409, new Headers(), {
        error_summary: 'something_new/..',
        error: { '.tag': 'something_new' },
      }),
      context,
    );
    expect([unknown.code, unknown.providerCode]).toEqual(['Internal', 'something_new']);
    const bad = failureError(
      readFailure(400, new Headers(), 'Error in call to API function "x": nope'),
      context,
    );
    expect(bad.message).toContain('nope');
  });
});
