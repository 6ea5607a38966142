import type { Drive, PassthroughRequest } from '@polydrive/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { pathHelper, type SuiteContext } from './context.js';
import { uniqueName } from './fixtures.js';
import { conflictScenarios } from './scenarios/conflicts.js';
import { folderScenarios } from './scenarios/folders.js';
import { nameScenarios } from './scenarios/names.js';
import { optionalScenarios } from './scenarios/optional.js';
import { pathScenarios } from './scenarios/paths.js';
import { rangeScenarios } from './scenarios/ranges.js';
import { statListScenarios } from './scenarios/stat-list.js';
import { uploadScenarios } from './scenarios/uploads.js';
import { writeReadScenarios } from './scenarios/write-read.js';
import { withSignalsEndingWithTheirCall } from './signals-end-with-call.js';

/** Options of the contract suite. */
export interface ContractOptions {
  /** Per-test timeout in ms (default 30 s; remote providers may need more). */
  readonly timeout?: number;
  /** Called once after the suite, e.g. to stop an emulator. */
  readonly teardown?: () => Promise<void> | void;
  /** The raw request the passthrough scenario sends (default `GET /`). */
  readonly passthroughProbe?: PassthroughRequest;
}

/**
 * Registers the Polydrive contract suite for one provider. `factory` builds the Drive under test
 * once; every test works in its own fresh folder, deleted afterwards. Scenarios are gated by the
 * drive's capabilities: an undeclared capability must fail with Unsupported, never be skipped.
 * Each call's signal aborts as soon as the call settles (see withSignalsEndingWithTheirCall).
 */
export function describeProvider(
  name: string,
  factory: () => Drive | Promise<Drive>,
  options: ContractOptions = {},
): void {
  describe(`contract: ${name}`, { timeout: options.timeout ?? 30_000 }, () => {
    let drive: Drive | undefined;
    let root = '';
    const ctx: SuiteContext = {
      drive: () => {
        if (!drive) throw new Error('The drive factory has not run (or failed).');
        return drive;
      },
      root: () => root,
      p: pathHelper(() => root),
      ...(options.passthroughProbe ? { passthroughProbe: options.passthroughProbe } : {}),
    };

    beforeAll(async () => {
      drive = withSignalsEndingWithTheirCall(await factory());
    });

    beforeEach(async () => {
      root = `/${uniqueName()}`;
      await ctx.drive().mkdir(root);
    });

    afterEach(async () => {
      if (drive && root) await drive.delete(root, { recursive: true }).catch(() => undefined);
    });

    afterAll(async () => {
      await drive?.close();
      await options.teardown?.();
    });

    writeReadScenarios(ctx);
    nameScenarios(ctx);
    conflictScenarios(ctx);
    statListScenarios(ctx);
    folderScenarios(ctx);
    rangeScenarios(ctx);
    uploadScenarios(ctx);
    pathScenarios(ctx);
    optionalScenarios(ctx);
  });
}
