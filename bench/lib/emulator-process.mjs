import { fork } from 'node:child_process';

const CHILD = new URL('./emulator-child.mjs', import.meta.url);

/**
 * The emulator running in a child process. `call('microsoft.mintToken', 'ada@example.com')` runs
 * a method of its handle; `cpu()` brackets a measurement with the child's CPU time.
 */
export class EmulatorProcess {
  #child;
  #pending = new Map();
  #nextId = 1;

  constructor(child, ready) {
    this.#child = child;
    /** Base URL, e.g. `http://127.0.0.1:4010`. */
    this.url = ready.url;
    /** Base URLs of the emulated hosts (`graph`, `login`, ...), as the handle gives them. */
    this.urls = ready.urls;
    child.on('message', (message) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`emulator: ${message.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.#pending.values())
        waiter.reject(new Error(`The emulator process ended (exit code ${code}).`));
      this.#pending.clear();
    });
  }

  /** Forks the child and waits until the emulator listens. */
  static start() {
    const child = fork(CHILD, [], { serialization: 'advanced', stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      const onExit = (code) =>
        reject(new Error(`The emulator process ended early (exit code ${code}).`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(new EmulatorProcess(child, message));
      });
    });
  }

  /** Runs `handle.<path>(...args)` in the child and resolves with its (cloned) result. */
  call(path, ...args) {
    return this.#send('call', [path, ...args]);
  }

  /** Requests the emulator has logged since the log was last cleared. */
  requestCount() {
    return this.#send('requestCount', []);
  }

  /** Starts counting the child's CPU time and requests. */
  async mark() {
    await this.call('faults.clearRequests');
    await this.#send('cpuMark', []);
  }

  /** The child's CPU share and request count since {@link mark}. */
  async since() {
    const { cpuMs, wallMs } = await this.#send('cpuSince', []);
    return { cpuShare: cpuMs / wallMs, requests: await this.requestCount() };
  }

  /** Stops the emulator and waits for the child to exit. */
  stop() {
    if (this.#child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.#child.once('exit', () => resolve());
      this.#child.disconnect();
    });
  }

  #send(command, args) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, command, args });
    });
  }
}
