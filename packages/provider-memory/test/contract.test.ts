import { describeProvider } from '@polydrive/contract';
import { Drive } from '@polydrive/core';
import { createMemoryProvider } from '../src/index.js';

describeProvider('memory', () => new Drive(createMemoryProvider()));

describeProvider(
  'memory with small pages and a chunk multiple',
  () =>
    new Drive(
      createMemoryProvider({
        capabilities: { listPageSizeMax: 2, chunkMultiple: 4096, simpleUploadMaxSize: 8192 },
      }),
    ),
);
