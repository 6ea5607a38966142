// The emulator in its own process, so that its CPU time is measured apart from the bench's and
// its memory (it holds every uploaded byte) stays off the measured process's RSS.
// Driven over IPC by emulator-process.mjs.
import { startEmulator } from '@polydrive/emulator';

const handle = await startEmulator({ port: 0, requestLogLimit: 100_000 });
let mark = { cpu: process.cpuUsage(), wall: performance.now() };

/** Resolves `microsoft.mintToken` to the bound method on the handle. */
function method(path) {
  const names = path.split('.');
  let owner = handle;
  for (const name of names.slice(0, -1)) owner = owner?.[name];
  const fn = owner?.[names.at(-1)];
  if (typeof fn !== 'function') throw new Error(`The emulator handle has no method ${path}.`);
  return fn.bind(owner);
}

const commands = {
  call: (path, ...args) => method(path)(...args),
  cpuMark: () => {
    mark = { cpu: process.cpuUsage(), wall: performance.now() };
  },
  cpuSince: () => {
    const { user, system } = process.cpuUsage(mark.cpu);
    return { cpuMs: (user + system) / 1000, wallMs: performance.now() - mark.wall };
  },
  requestCount: () => handle.faults.requests().length,
};

process.on('message', async ({ id, command, args }) => {
  try {
    const value = await commands[command](...args);
    process.send({ id, ok: true, value });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
process.on('disconnect', async () => {
  await handle.stop().catch(() => undefined);
  process.exit(0);
});
process.send({ ready: true, url: handle.url, urls: handle.urls });
