import { createFaultInjector, PolydriveError, type RetryInfo } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { Connection, retryMessage } from '../src/connections/connection.js';
import { type DemoEvent, DemoEvents } from '../src/connections/demo-events.js';

describe('Connection', () => {
  it('shows an unavailable provider with its reason and refuses to use it', async () => {
    const connection = new Connection({
      id: 'box',
      label: 'Box',
      description: '',
      provider: 'box',
      mode: 'emulated',
      unavailable: 'The box provider is not installed.',
      events: new DemoEvents(),
    });
    expect(connection.view()).toMatchObject({
      state: 'unavailable',
      problem: 'The box provider is not installed.',
    });
    expect(connection.canSignIn).toBe(false);
    await expect(connection.drive()).rejects.toMatchObject({
      code: 'Unsupported',
      message: expect.stringContaining('The box provider is not installed.'),
    });
  });

  it('reports retries of its drive as events for the page', async () => {
    const events = new DemoEvents();
    const heard: DemoEvent[] = [];
    events.subscribe((event) => heard.push(event));
    const faults = createFaultInjector();
    faults.failNext('stat', 'Transient');
    const connection = new Connection({
      id: 'memory',
      label: 'Memory',
      description: '',
      provider: 'memory',
      mode: 'memory',
      layers: {
        retry: { sleep: () => Promise.resolve(), random: () => 0.5, baseDelayMs: 4000 },
        pacer: false,
        faults,
      },
      events,
    });
    const drive = await connection.drive();
    expect(await drive.exists('/missing.txt')).toBe(false);
    expect(heard).toEqual([
      {
        type: 'retry',
        connection: 'memory',
        message: 'Memory had a temporary problem (Transient), retrying in 2 s',
        delayMs: 2000,
      },
    ]);
  });
});

describe('retryMessage', () => {
  const info = (error: PolydriveError, delayMs: number): RetryInfo => ({
    provider: 'dropbox',
    operation: 'listPage',
    attempt: 1,
    delayMs,
    error,
  });

  it('says when the provider throttles, in whole seconds', () => {
    const throttled = new PolydriveError('RateLimited', { message: 'Too many requests.' });
    expect(retryMessage('Dropbox', info(throttled, 11_200))).toBe(
      'Dropbox is throttling, retrying in 12 s',
    );
    expect(retryMessage('Dropbox', info(throttled, 80))).toBe(
      'Dropbox is throttling, retrying in 1 s',
    );
  });
});
