import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActiveFault, FaultRegistry } from '../faults/fault-registry.js';
import type { RequestLog } from '../faults/request-log.js';
import type { ProviderEmulator } from './provider-emulator.js';
import { guid } from './random.js';
import { EmulatorRequest } from './request.js';
import { type EmulatorResponse, jsonResponse } from './response.js';

/** What the server dispatches to. */
export interface ServerParts {
  providers: readonly ProviderEmulator[];
  /** Providers whose hosts are answered; the others' hosts get 404. */
  enabled: ReadonlySet<string>;
  faults: FaultRegistry;
  log: RequestLog;
}

/**
 * The one HTTP server: the first path segment names the real host (`/graph.microsoft.com/v1.0/...`),
 * the rest is the path on that host. Injected faults are applied here, before the provider sees
 * the request (or, for a response-phase drop, after it has answered).
 */
export class EmulatorServer {
  readonly #server: Server;
  readonly #byHost = new Map<string, ProviderEmulator>();

  constructor(private readonly parts: ServerParts) {
    for (const provider of parts.providers) {
      for (const host of provider.hosts) this.#byHost.set(host, provider);
    }
    this.#server = createServer((req, res) => {
      this.#dispatch(req, res).catch(() => res.destroy());
    });
    // Clients hold keep-alive connections; stop() must not wait for them.
    this.#server.keepAliveTimeout = 5_000;
  }

  /** Starts listening and resolves with the base URL, e.g. `http://127.0.0.1:4010`. */
  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address() as AddressInfo;
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${shownHost}:${address.port}`);
      });
    });
  }

  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const { host, path, search } = splitTarget(req.url ?? '/');
    const target = search ? `${path}?${search}` : path;
    const request = new EmulatorRequest(req, host, path, search, guid());
    const provider = this.#byHost.get(host);
    if (!provider || !this.parts.enabled.has(provider.name)) {
      await request.drain();
      const response = host === '' ? this.#index() : unknownHost(host, provider !== undefined);
      write(res, response);
      this.parts.log.add({
        method: request.method,
        host,
        path: target,
        status: response.status,
        time,
      });
      return;
    }
    const fault = this.parts.faults.take({
      provider: provider.name,
      host,
      method: request.method,
      target,
    });
    const record = (status: number) =>
      this.parts.log.add({
        method: request.method,
        host,
        path: target,
        status,
        time,
        ...(fault ? { fault: fault.kind } : {}),
      });

    if (fault?.kind === 'drop' && dropPhase(fault, request) === 'request') {
      await readSome(req);
      req.socket.destroy();
      record(0);
      return;
    }
    let response: EmulatorResponse;
    try {
      response =
        fault && fault.kind !== 'drop'
          ? provider.faultResponse(fault, request)
          : await provider.handle(request);
    } catch {
      response = provider.internalError(request);
    }
    await request.drain();
    if (fault?.kind === 'drop') {
      writeHalf(res, response);
      record(0);
      return;
    }
    write(res, response);
    record(response.status);
  }

  #index(): EmulatorResponse {
    const hosts: Record<string, string> = {};
    for (const [host, provider] of this.#byHost) {
      if (this.parts.enabled.has(provider.name)) hosts[host] = provider.name;
    }
    return jsonResponse(200, {
      name: 'polydrive-emulator',
      rule: 'https://HOST/PATH is served at /HOST/PATH',
      hosts,
    });
  }
}

/** Content-Length is the body's, except for 204/304 (none) and HEAD answers that set it themselves. */
function headersFor(response: EmulatorResponse, pieces: readonly Buffer[]): Record<string, string> {
  const headers = { ...response.headers };
  if (response.status === 204 || response.status === 304) return headers;
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  if (length > 0 || headers['content-length'] === undefined) {
    headers['content-length'] = String(length);
  }
  return headers;
}

/** The body as a list of pieces (empty when there is none). */
function piecesOf(response: EmulatorResponse): readonly Buffer[] {
  const { body } = response;
  if (body === undefined) return [];
  return Buffer.isBuffer(body) ? [body] : body;
}

function splitTarget(url: string): { host: string; path: string; search: string } {
  const queryAt = url.indexOf('?');
  const fullPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const search = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const trimmed = fullPath.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  const host = (slash === -1 ? trimmed : trimmed.slice(0, slash)).toLowerCase();
  const path = slash === -1 ? '/' : trimmed.slice(slash);
  return { host, path, search };
}

function unknownHost(host: string, disabled: boolean): EmulatorResponse {
  const message = disabled
    ? `The provider serving ${host} is not enabled; add it to the providers option.`
    : `No emulated service answers for host '${host}'. Address requests as /<real host>/<path>.`;
  return jsonResponse(404, { error: { code: 'unknownHost', message } });
}

function dropPhase(fault: ActiveFault, request: EmulatorRequest): 'request' | 'response' {
  if (fault.kind === 'drop' && fault.phase) return fault.phase;
  return request.hasBody ? 'request' : 'response';
}

/** Waits until some of the body has arrived (or it ended), to drop the connection mid-upload. */
function readSome(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('data', done);
      req.off('end', done);
      req.off('error', done);
      req.pause();
      resolve();
    };
    req.on('data', done);
    req.on('end', done);
    req.on('error', done);
  });
}

function write(res: ServerResponse, response: EmulatorResponse): void {
  const pieces = piecesOf(response);
  res.writeHead(response.status, headersFor(response, pieces));
  if (pieces.length === 1) {
    res.end(pieces[0]);
    return;
  }
  // Corked, the pieces leave in one writev rather than one write each.
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.uncork();
  res.end();
}

/** Sends the head and half of the body, then destroys the socket. */
function writeHalf(res: ServerResponse, response: EmulatorResponse): void {
  const pieces = piecesOf(response);
  res.writeHead(response.status, headersFor(response, pieces));
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const half: Buffer[] = [];
  let left = Math.floor(total / 2);
  for (const piece of pieces) {
    if (left === 0) break;
    const part = piece.subarray(0, left);
    half.push(part);
    left -= part.length;
  }
  if (half.length === 0) {
    res.flushHeaders();
    setImmediate(() => res.socket?.destroy());
    return;
  }
  res.write(Buffer.concat(half), () => res.socket?.destroy());
}
