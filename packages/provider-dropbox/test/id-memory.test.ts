import { describe, expect, it } from 'vitest';
import { IdMemory } from '../src/provider/id-memory.js';

describe('IdMemory', () => {
  it('maps a path to the id last seen there, and ignores metadata without either', () => {
    const ids = new IdMemory();
    ids.remember('/a.txt', 'id:1');
    ids.remember('/a.txt', 'id:2');
    ids.remember(undefined, 'id:3');
    ids.remember('/b.txt', undefined);
    expect([ids.idAt('/a.txt'), ids.idAt('/b.txt')]).toEqual(['id:2', undefined]);
  });

  it('stays within its bound, forgetting the id remembered longest ago first', () => {
    const ids = new IdMemory(2);
    ids.remember('/a', 'id:a');
    ids.remember('/b', 'id:b');
    // Seen again unchanged: keeps its place. A new id at a path counts as remembered now.
    ids.remember('/a', 'id:a');
    ids.remember('/b', 'id:b2');
    ids.remember('/c', 'id:c');
    expect([ids.idAt('/a'), ids.idAt('/b'), ids.idAt('/c')]).toEqual([undefined, 'id:b2', 'id:c']);
  });
});
