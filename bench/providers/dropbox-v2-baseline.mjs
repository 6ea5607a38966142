import { drain } from '../lib/source.mjs';
import { bodyOf, expectOk, fixedChunks } from './fetch-helpers.mjs';

/**
 * The raw baseline for Dropbox: the v2 HTTP API spoken with plain fetch. Large uploads are an
 * upload session (start, one append_v2 per chunk of Polydrive's chunk size, finish); downloads
 * are files/download; small files are one files/upload each; listings are list_folder then
 * list_folder/continue with the service's default limit, as Polydrive's `drive.list` does.
 */
export class DropboxV2Baseline {
  label = 'fetch + Dropbox v2 protocol';

  constructor({ apiUrl, contentUrl, accessToken, chunkSize, meter }) {
    this.apiUrl = apiUrl;
    this.contentUrl = contentUrl;
    this.chunkSize = chunkSize;
    this.meter = meter;
    this.auth = { authorization: `Bearer ${accessToken}` };
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

  async uploadSmall(path, bytes) {
    await this.#content('/2/files/upload', { path, mode: 'overwrite' }, bytes);
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
