import { describe, expect, it } from 'vitest';
import {
  applyLayers,
  createFaultInjector,
  createPacer,
  defaultLayers,
  type LogFields,
  type Logger,
  type OperationMetric,
} from '../src/layers/index.js';
import { createScriptedProvider, fileEntry, ok } from './support/scripted-provider.js';

function memoryLogger(): Logger & { lines: Array<[string, string, LogFields | undefined]> } {
  const lines: Array<[string, string, LogFields | undefined]> = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push([level, message, fields]);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const A = { path: '/a.txt' };

describe('defaultLayers', () => {
  it('logs one line per operation, retries injected faults and logs the retries', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/a.txt')));
    const faults = createFaultInjector();
    faults.failNext('stat', 'Transient', { times: 2 });
    const logger = memoryLogger();
    const metrics: OperationMetric[] = [];
    const delays: number[] = [];
    const provider = applyLayers(
      inner,
      defaultLayers({
        logger,
        onMetric: (m) => metrics.push(m),
        retry: { random: () => 0, sleep: async (ms) => void delays.push(ms) },
        pacer: createPacer(),
        faults,
      }),
    );
    await expect(provider.stat(A)).resolves.toMatchObject({ path: '/a.txt' });
    expect(
      logger.lines.map(([level, message]) => [
        level,
        message.replace(/ok in \d+ ms$/, 'ok in N ms'),
      ]),
    ).toEqual([
      ['info', 'scripted stat attempt 1 failed with Transient; retrying in 0 ms'],
      ['info', 'scripted stat attempt 2 failed with Transient; retrying in 0 ms'],
      ['debug', 'scripted stat "/a.txt" ok in N ms'],
    ]);
    expect(metrics).toHaveLength(1);
    expect(delays).toEqual([0, 0]);
    expect(inner.callsOf('stat')).toHaveLength(1);
  });

  it('paces all providers of one account with one shared pacer', async () => {
    const accountKey = 'compose-test:shared-account';
    let running = 0;
    let most = 0;
    const make = () => {
      const inner = createScriptedProvider({ accountKey });
      inner.respond('stat', async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return fileEntry('/a.txt');
      });
      return applyLayers(inner, defaultLayers({ pacer: { maxConcurrency: 1 } }));
    };
    const [one, two] = [make(), make()];
    await Promise.all([one.stat(A), two.stat(A), one.stat(A), two.stat(A)]);
    expect(most).toBe(1);
  });

  it('leaves out the layers set to false', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/a.txt')));
    const faults = createFaultInjector();
    faults.failNext('stat', 'Transient');
    const provider = applyLayers(
      inner,
      defaultLayers({ retry: false, pacer: false, timeout: false, faults }),
    );
    await expect(provider.stat(A)).rejects.toMatchObject({ code: 'Transient' });
    expect(defaultLayers({ retry: false, pacer: false, timeout: false })).toEqual([]);
  });
});
