import { drain } from '../lib/source.mjs';
import { bodyOf, expectOk, fixedChunks } from './fetch-helpers.mjs';

/**
 * The raw baseline for Dropbox: the v2 HTTP API spoken with plain fetch. Large uploads are an
 * upload session (start, one append_v2 per chunk of Polydrive's chunk size, finish); downloads
 * are files/download; listings are list_folder then list_folder/continue with the service's
 * default limit, as Polydrive's `drive.list` does. Small files go as Dropbox asks of a client that
 * writes many at once: each file's bytes in a closed upload session, the commits together in
 * finish_batch_v2, one batch request at a time (see SerialCommits).
 */
export class DropboxV2Baseline {
  label = 'fetch + Dropbox v2 protocol';

  constructor({ apiUrl, contentUrl, accessToken, chunkSize, meter }) {
    this.apiUrl = apiUrl;
    this.contentUrl = contentUrl;
    this.chunkSize = chunkSize;
    this.meter = meter;
    this.auth = { authorization: `Bearer ${accessToken}` };
    this.commits = new SerialCommits((entries) =>
      this.#rpc('/2/files/upload_session/finish_batch_v2', { entries }),
    );
  }

  async uploadLarge(path, source) {
    const { session_id } = await this.#content('/2/files/upload_session/start', { close: false });
    let offset = 0;
    for await (const chunk of fixedChunks(source, this.chunkSize)) {
      await this.#content(
        '/2/files/upload_session/append_v2',
        { cursor: { session_id, offset }, close: false },
        chunk,
      );
      offset += chunk.byteLength;
    }
    await this.#content('/2/files/upload_session/finish', {
      cursor: { session_id, offset },
      commit: { path, mode: 'overwrite' },
    });
  }

  async downloadLarge(path) {
    const response = await fetch(`${this.contentUrl}/2/files/download`, {
      method: 'POST',
      headers: { ...this.auth, 'dropbox-api-arg': JSON.stringify({ path }) },
    });
    await expectOk(response, 'download');
    return drain(response.body);
  }

  /** Resolves once the file is committed, as `drive.write` does. */
  async uploadSmall(path, bytes) {
    this.commits.reserve();
    let session_id;
    try {
      ({ session_id } = await this.#content(
        '/2/files/upload_session/start',
        { close: true },
        bytes,
      ));
    } catch (error) {
      this.commits.cancel();
      throw error;
    }
    await this.commits.commit({
      cursor: { session_id, offset: bytes.byteLength },
      commit: { path, mode: 'overwrite' },
    });
  }

  async list(folder) {
    let page = await this.#rpc('/2/files/list_folder', { path: folder });
    let count = page.entries.length;
    while (page.has_more) {
      page = await this.#rpc('/2/files/list_folder/continue', { cursor: page.cursor });
      count += page.entries.length;
    }
    return count;
  }

  async mkdir(path) {
    await this.#rpc('/2/files/create_folder_v2', { path });
  }

  async remove(path) {
    await this.#rpc('/2/files/delete_v2', { path });
  }

  async #rpc(route, arg) {
    const response = await fetch(`${this.apiUrl}${route}`, {
      method: 'POST',
      headers: { ...this.auth, 'content-type': 'application/json' },
      body: JSON.stringify(arg),
    });
    await expectOk(response, route);
    return response.json();
  }

  /** A content-host call: the argument in Dropbox-API-Arg, the bytes (if any) as the body. */
  async #content(route, arg, bytes = new Uint8Array(0)) {
    const response = await fetch(`${this.contentUrl}${route}`, {
      method: 'POST',
      headers: {
        ...this.auth,
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.byteLength),
        'dropbox-api-arg': JSON.stringify(arg),
      },
      body: bodyOf(bytes),
      duplex: 'half',
    });
    await expectOk(response, route);
    const text = await response.text();
    return text === '' ? undefined : JSON.parse(text);
  }
}

/**
 * The least a client must do to commit many files on Dropbox: every commit takes the namespace's
 * write lock, so overlapping commits are refused (429 too_many_write_operations). One
 * finish_batch_v2 is in flight at a time; it carries every commit queued by then (at most 1000),
 * and waits while files are still uploading their bytes so that they join it.
 */
class SerialCommits {
  #uploading = 0;
  #queue = [];
  #busy = false;

  constructor(send) {
    this.send = send;
  }

  /** A file starts uploading its bytes; its `commit` (or `cancel`) follows. */
  reserve() {
    this.#uploading++;
  }

  /** The reserved file's upload failed: the batch no longer waits for it. */
  cancel() {
    this.#uploading--;
    this.#next();
  }

  /** Queues a reserved file's commit; resolves with its metadata once its batch is answered. */
  commit(entry) {
    this.#uploading--;
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject });
      this.#next();
    });
  }

  #next() {
    if (this.#busy || this.#queue.length === 0) return;
    if (this.#uploading > 0 && this.#queue.length < 1000) return;
    this.#busy = true;
    const batch = this.#queue.splice(0, 1000);
    this.send(batch.map((item) => item.entry)).then(
      ({ entries }) => {
        this.#busy = false;
        batch.forEach((item, i) => {
          const answer = entries[i];
          if (answer?.['.tag'] === 'success') item.resolve(answer);
          else item.reject(new Error(`commit failed: ${JSON.stringify(answer)}`));
        });
        this.#next();
      },
      (error) => {
        this.#busy = false;
        for (const item of batch) item.reject(error);
        this.#next();
      },
    );
  }
}
