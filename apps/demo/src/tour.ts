import { type Drive, type Entry, isPolydriveError } from '@polydrive/core';

/** One line of the tour's report. */
export interface TourStep {
  readonly drive: string;
  readonly step: string;
  readonly result: string;
}

/**
 * The demo's main job, written once against the unified interface: it runs the same file
 * workflow on every connected drive, then moves a file from each drive to the next.
 */
export async function runTour(
  drives: ReadonlyMap<string, Drive>,
  report: (s: TourStep) => void,
): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = `/polydrive-demo/${stamp}`;
  for (const [label, drive] of drives) {
    const step = (name: string, result: string) => report({ drive: label, step: name, result });
    await drive.mkdir(folder, { recursive: true });
    const note = await drive.write(`${folder}/hello.txt`, `Hello from Polydrive on ${label}!\n`);
    step('write', `${note.path} (${note.size} bytes)`);
    const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 31) & 0xff);
    const uploaded = await drive.write(`${folder}/photo.raw`, chunked(big), {
      size: big.byteLength,
      onProgress: () => undefined,
    });
    step('stream upload', `${uploaded.path} (${uploaded.size} bytes, streamed in chunks)`);
    step('read', JSON.stringify(await drive.readText(`${folder}/hello.txt`)));
    const copy = await drive.copy(`${folder}/hello.txt`, `${folder}/hello-copy.txt`);
    step('copy', copy.path ?? copy.name);
    const listing = await collect(drive.list(folder));
    step('list', listing.map(describe).join(', '));
    try {
      await drive.stat(`${folder}/missing.txt`);
    } catch (err) {
      if (!isPolydriveError(err, 'NotFound')) throw err;
      step('error handling', `${err.code}: ${err.summary}`);
    }
  }
  const labels = [...drives.keys()];
  for (let i = 0; i < labels.length && labels.length > 1; i++) {
    const from = drives.get(labels[i] as string) as Drive;
    const toLabel = labels[(i + 1) % labels.length] as string;
    const to = drives.get(toLabel) as Drive;
    const moved = await from.transfer(`${folder}/photo.raw`, to, `${folder}/from-${labels[i]}.raw`);
    report({
      drive: labels[i] as string,
      step: `transfer to ${toLabel}`,
      result: `${moved.name} (${(moved as { size?: number }).size ?? 0} bytes, streamed)`,
    });
  }
}

function describe(entry: Entry): string {
  return entry.kind === 'folder' ? `${entry.name}/` : `${entry.name} (${entry.size} B)`;
}

async function* chunked(data: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += 256 * 1024) yield data.subarray(i, i + 256 * 1024);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
