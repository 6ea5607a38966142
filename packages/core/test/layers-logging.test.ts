import { afterEach, describe, expect, it, vi } from 'vitest';
import { PolydriveError } from '../src/errors/polydrive-error.js';
import {
  consoleLogger,
  type LogFields,
  type Logger,
  loggingLayer,
  type OperationMetric,
} from '../src/layers/index.js';
import { createScriptedProvider, fail, fileEntry, ok } from './support/scripted-provider.js';

interface Line {
  readonly level: keyof Logger;
  readonly message: string;
  readonly fields?: LogFields;
}

function memoryLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-token';

function setup() {
  const inner = createScriptedProvider({ optional: ['copy', 'passthrough'] });
  const logger = memoryLogger();
  const metrics: OperationMetric[] = [];
  const provider = loggingLayer({ logger, onMetric: (m) => metrics.push(m) })(inner);
  return { inner, logger, metrics, provider };
}

describe('logging layer', () => {
  it('logs a successful call once, at debug, with its target and duration', async () => {
    const { inner, logger, metrics, provider } = setup();
    inner.respond('stat', ok(fileEntry('/docs/a.txt')));
    await provider.stat({ path: '/docs/a.txt' });
    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line?.level).toBe('debug');
    expect(line?.message).toMatch(/^scripted stat "\/docs\/a\.txt" ok in \d+ ms$/);
    expect(line?.fields).toMatchObject({
      provider: 'scripted',
      operation: 'stat',
      target: '/docs/a.txt',
      outcome: 'ok',
      durationMs: expect.any(Number),
    });
    expect(metrics).toEqual([
      {
        provider: 'scripted',
        operation: 'stat',
        durationMs: expect.any(Number),
        ok: true,
        errorCode: undefined,
        bytes: undefined,
      },
    ]);
  });

  it('logs a failure at warn with its code and a redacted message', async () => {
    const { inner, logger, metrics, provider } = setup();
    const error = new PolydriveError('Unauthenticated', {
      message: `Graph refused https://graph/me?access_token=${TOKEN} (Authorization: Bearer ${TOKEN}).`,
      httpStatus: 401,
      requestId: 'req-9',
    });
    inner.script('read', fail(error));
    await expect(provider.read({ id: 'X1' })).rejects.toBe(error);
    const [line] = logger.lines;
    expect(line?.level).toBe('warn');
    expect(line?.message).toMatch(/^scripted read "id:X1" failed with Unauthenticated in \d+ ms$/);
    expect(line?.fields).toMatchObject({
      target: 'id:X1',
      outcome: 'error',
      errorCode: 'Unauthenticated',
      httpStatus: 401,
      requestId: 'req-9',
    });
    expect(line?.fields?.error).toContain('access_token=[REDACTED]');
    expect(JSON.stringify(logger.lines)).not.toContain('secret-token');
    expect(metrics[0]).toMatchObject({ ok: false, errorCode: 'Unauthenticated' });
  });

  it('logs an unexpected error at error level', async () => {
    const { inner, logger, provider } = setup();
    inner.script('delete', () => {
      throw new TypeError(`bad refresh_token=${TOKEN}`);
    });
    await expect(provider.delete({ path: '/x' })).rejects.toThrow(TypeError);
    expect(logger.lines[0]).toMatchObject({
      level: 'error',
      fields: { error: 'TypeError: bad refresh_token=[REDACTED]' },
    });
  });

  it('reports sizes but never the bytes, options or headers of a call', async () => {
    const { inner, logger, metrics, provider } = setup();
    inner.respond('writeSmall', ok(fileEntry('/a.txt', 5)));
    inner.respond('passthrough', ok('response'));
    inner.respond('read', ok({ stream: new ReadableStream(), size: 42 }));
    inner.respond('copy', ok(fileEntry('/b/a.txt')));
    const data = new TextEncoder().encode('hello');
    await provider.writeSmall({ parent: { path: '/' }, name: 'a.txt' }, data, {
      conflict: 'replace',
      ifMatch: 'etag-1',
    });
    await provider.passthrough?.({
      method: 'GET',
      path: `/me/drive?token=${TOKEN}&select=id`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await provider.read({ path: '/a.txt' });
    await provider.copy?.(
      { path: '/a.txt' },
      { parent: { id: 'B' }, name: 'a.txt' },
      { conflict: 'fail' },
    );

    expect(
      logger.lines.map((line) => [line.fields?.target, line.fields?.to, line.fields?.bytes]),
    ).toEqual([
      ['/a.txt', undefined, 5],
      ['GET /me/drive?token=[REDACTED]&select=id', undefined, undefined],
      ['/a.txt', undefined, 42],
      ['/a.txt', 'id:B/a.txt', undefined],
    ]);
    expect(metrics.map((m) => m.bytes)).toEqual([5, undefined, 42, undefined]);
    const everything = JSON.stringify(logger.lines);
    expect(everything).not.toContain('secret-token');
    expect(everything).not.toContain('etag-1');
    expect(everything).not.toContain('104,101');
  });
});

describe('consoleLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes lines at its level and above, with fields as JSON', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const logger = consoleLogger('info');
    logger.debug('hidden');
    logger.info('shown', { operation: 'stat' });
    logger.warn('plain');
    expect(debug).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith('[polydrive] shown {"operation":"stat"}');
    expect(warn).toHaveBeenCalledWith('[polydrive] plain');
  });
});
