import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { sharedPerAccount } from '../src/concurrency/index.js';

/** V8's full collection, also when vitest's worker was started without --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('sharedPerAccount', () => {
  it('hands every caller of one kind and account the same object, made once', () => {
    let made = 0;
    const create = () => ({ n: ++made });
    const first = sharedPerAccount('test-kind', 'spa:alice', create);
    expect(sharedPerAccount('test-kind', 'spa:alice', create)).toBe(first);
    expect(made).toBe(1);
    expect(sharedPerAccount('test-kind', 'spa:bob', create)).not.toBe(first);
    expect(sharedPerAccount('other-kind', 'spa:alice', create)).not.toBe(first);
    expect(made).toBe(3);
  });

  it('makes a new object once nobody holds the old one any more', async () => {
    let made = 0;
    const create = () => ({ n: ++made });
    sharedPerAccount('test-kind', 'spa:carol', create);
    // A weakly held object stays alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(sharedPerAccount('test-kind', 'spa:carol', create).n).toBe(2);
  });
});
