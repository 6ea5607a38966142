import { isPolydriveError } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import {
  CommitBatcher,
  type CommitEntry,
  type CommitOutcome,
} from '../src/provider/commit-batcher.js';

function entry(n: number): CommitEntry {
  return { cursor: { session_id: `s${n}`, offset: n }, commit: { path: `/f${n}` } };
}

/** A send function that records its batches and answers each entry with its session id. */
function recordingSend(delayMs = 5) {
  const batches: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (entries: CommitEntry[]): Promise<CommitOutcome[]> => {
    batches.push(entries.map((e) => e.cursor.session_id));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight--;
    return entries.map((e) =>
      e.cursor.session_id === 's13'
        ? { ok: false, failure: { '.tag': 'path' } }
        : { ok: true, metadata: { name: e.cursor.session_id } },
    );
  };
  return { send, batches, maxInFlight: () => maxInFlight };
}

describe('CommitBatcher', () => {
  it('sends commits that arrive together as one batch, one batch at a time', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 5);
    const first = await Promise.all([1, 2, 3].map((n) => batcher.commit(entry(n))));
    expect(first.map((o) => o.ok && o.metadata.name)).toEqual(['s1', 's2', 's3']);
    const later = Promise.all([4, 5].map((n) => batcher.commit(entry(n))));
    await new Promise((resolve) => setTimeout(resolve, 7));
    const last = Promise.all([6, 7, 8].map((n) => batcher.commit(entry(n))));
    await Promise.all([later, last]);
    expect(recorder.batches[0]).toEqual(['s1', 's2', 's3']);
    expect(recorder.batches.flat()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
    expect(recorder.maxInFlight()).toBe(1);
  });

  it('hands each caller its own outcome, failures included', async () => {
    const batcher = new CommitBatcher(recordingSend().send, 1);
    const [ok, failed] = await Promise.all([batcher.commit(entry(12)), batcher.commit(entry(13))]);
    expect(ok).toEqual({ ok: true, metadata: { name: 's12' } });
    expect(failed).toEqual({ ok: false, failure: { '.tag': 'path' } });
  });

  it('rejects every waiting commit when the batch request fails', async () => {
    const boom = new Error('network down');
    const batcher = new CommitBatcher(async () => Promise.reject(boom), 1);
    const outcomes = await Promise.allSettled([batcher.commit(entry(1)), batcher.commit(entry(2))]);
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason)).toEqual([boom, boom]);
  });

  it('drops a commit whose signal fires while it waits, and idle() waits for the rest', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 20);
    const controller = new AbortController();
    const dropped = batcher.commit(entry(1), controller.signal);
    const kept = batcher.commit(entry(2));
    controller.abort();
    await expect(dropped).rejects.toSatisfy((err) => isPolydriveError(err, 'Cancelled'));
    await batcher.idle();
    expect(recorder.batches).toEqual([['s2']]);
    expect((await kept).ok).toBe(true);
  });

  it('commits alone only when nothing else is queued, in flight or reserved in the same turn', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 60_000);
    const a = batcher.reserve();
    const b = batcher.reserve();
    const alone = await Promise.all([
      a.commitAlone(async () => 'a'),
      b.commitAlone(async () => 'b'),
    ]);
    expect(alone).toEqual([undefined, undefined]);
    await Promise.all([a.commit(entry(1)), b.commit(entry(2))]);
    expect(recorder.batches).toEqual([['s1', 's2']]);

    let finishDirect!: () => void;
    const lone = batcher.reserve();
    const direct = lone.commitAlone(
      () =>
        new Promise<string>((resolve) => {
          finishDirect = () => resolve('direct');
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(finishDirect).toBeDefined();
    const later = batcher.reserve();
    expect(await later.commitAlone(async () => 'later')).toBeUndefined();
    const queued = later.commit(entry(3));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(recorder.batches).toHaveLength(1);
    finishDirect();
    expect(await direct).toEqual({ value: 'direct' });
    expect((await queued).ok).toBe(true);
    expect(recorder.batches).toEqual([['s1', 's2'], ['s3']]);
  });

  it('sends what waited for a reservation once that write gives up through an aborted commit', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 60_000);
    const kept = batcher.reserve();
    const given = batcher.reserve();
    const committed = kept.commit(entry(1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(recorder.batches).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    await expect(given.commit(entry(2), controller.signal)).rejects.toSatisfy((err) =>
      isPolydriveError(err, 'Cancelled'),
    );
    expect((await committed).ok).toBe(true);
    expect(recorder.batches).toEqual([['s1']]);
  });

  it('holds a commit queued behind a batch for the writers its answer resumes', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 60_000);
    const first = Promise.all([1, 2].map((n) => batcher.commit(entry(n))));
    await new Promise((resolve) => setImmediate(resolve));
    const behind = batcher.commit(entry(3));
    // Reserved in the turn the answer arrives, after it scheduled the queued commit's batch.
    const resumed = await first.then(() => [batcher.reserve(), batcher.reserve()]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(recorder.batches).toEqual([['s1', 's2']]);
    await Promise.all([behind, ...resumed.map((r, i) => r.commit(entry(4 + i)))]);
    expect(recorder.batches).toEqual([
      ['s1', 's2'],
      ['s3', 's4', 's5'],
    ]);
  });

  it('waits for reserved commits still uploading, and sends once the last arrives or is cancelled', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 60_000);
    const first = batcher.reserve();
    const second = batcher.reserve();
    const third = batcher.reserve();
    const outcomes = [first.commit(entry(1))];
    await new Promise((resolve) => setTimeout(resolve, 5));
    outcomes.push(second.commit(entry(2)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(recorder.batches).toEqual([]);
    third.cancel();
    await Promise.all(outcomes);
    expect(recorder.batches).toEqual([['s1', 's2']]);
  });

  it('holds commits queued behind a batch in flight for reserved ones still uploading', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 60_000);
    const first = batcher.commit(entry(1));
    await new Promise((resolve) => setImmediate(resolve));
    const reserved = batcher.reserve();
    const second = batcher.commit(entry(2));
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(recorder.batches).toEqual([['s1']]);
    await Promise.all([second, reserved.commit(entry(3))]);
    expect(recorder.batches).toEqual([['s1'], ['s2', 's3']]);
  });

  it('sends queued commits once their window is over, even if a reservation never commits', async () => {
    const recorder = recordingSend();
    const batcher = new CommitBatcher(recorder.send, 15);
    const first = batcher.commit(entry(1));
    await new Promise((resolve) => setImmediate(resolve));
    const stuck = batcher.reserve();
    const second = batcher.commit(entry(2));
    await Promise.all([first, second]);
    expect(recorder.batches).toEqual([['s1'], ['s2']]);
    stuck.cancel();
  });
});
