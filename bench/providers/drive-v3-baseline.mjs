import { drain } from '../lib/source.mjs';
import { bodyOf, expectOk, fixedChunks } from './fetch-helpers.mjs';

const FOLDER_MIME = 'application/vnd.google-apps.folder';

/** The file fields the gdrive provider asks for, so both sides receive the same answers. */
const FILE_FIELDS =
  'id,name,mimeType,parents,size,md5Checksum,sha1Checksum,sha256Checksum,createdTime,modifiedTime,version,trashed,webViewLink,driveId,exportLinks';

/**
 * The raw baseline for Google Drive: Drive v3 spoken with plain fetch. Large uploads open a
 * resumable session and PUT Content-Range chunks of Polydrive's chunk size; downloads are
 * `alt=media`; small files are one multipart upload each (into a folder whose id is known, as it
 * was created here); listings page through `files.list` on `'id' in parents` with the service's
 * default page size, after one lookup of the folder by name, as Polydrive's `drive.list` does.
 */
export class DriveV3Baseline {
  label = 'fetch + Drive v3 protocol';
  #ids = new Map([['/', 'root']]);

  constructor({ apiUrl, accessToken, chunkSize, meter }) {
    this.apiUrl = apiUrl;
    this.chunkSize = chunkSize;
    this.meter = meter;
    this.auth = { authorization: `Bearer ${accessToken}` };
  }

  async uploadLarge(path, source, size) {
    const { parentId, name } = await this.#place(path);
    const opened = await fetch(
      `${this.apiUrl}/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true&fields=${FILE_FIELDS}`,
      {
        method: 'POST',
        headers: {
          ...this.auth,
          'content-type': 'application/json; charset=UTF-8',
          'x-upload-content-type': 'application/octet-stream',
          'x-upload-content-length': String(size),
        },
        body: JSON.stringify({ name, parents: [parentId] }),
      },
    );
    await expectOk(opened, 'resumable session');
    await opened.arrayBuffer();
    const session = new URL(opened.headers.get('location'), this.apiUrl).toString();
    let offset = 0;
    for await (const chunk of fixedChunks(source, this.chunkSize)) {
      const end = offset + chunk.byteLength - 1;
      const response = await fetch(session, {
        method: 'PUT',
        headers: {
          'content-range': `bytes ${offset}-${end}/${size}`,
          'content-length': String(chunk.byteLength),
        },
        body: bodyOf(chunk),
        duplex: 'half',
      });
      if (response.status !== 308) await expectOk(response, 'upload chunk');
      const text = await response.text();
      if (end + 1 === size) this.#ids.set(path, JSON.parse(text).id);
      offset = end + 1;
    }
  }

  async downloadLarge(path) {
    const id = await this.#idOf(path);
    const response = await fetch(
      `${this.apiUrl}/drive/v3/files/${encodeURIComponent(id)}?alt=media&supportsAllDrives=true`,
      { headers: this.auth },
    );
    await expectOk(response, 'download');
    return drain(response.body);
  }

  async uploadSmall(path, bytes) {
    const { parentId, name } = await this.#place(path);
    const boundary = 'polydrive-bench-boundary';
    const head = Buffer.from(
      `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify({ name, parents: [parentId] })}\r\n--${boundary}\r\ncontent-type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const response = await fetch(
      `${this.apiUrl}/upload/drive/v3/files?uploadType=multipart&supportsAllDrives=true&fields=${FILE_FIELDS}`,
      {
        method: 'POST',
        headers: { ...this.auth, 'content-type': `multipart/related; boundary=${boundary}` },
        body: Buffer.concat([head, bytes, tail]),
      },
    );
    await expectOk(response, 'multipart upload');
    await response.json();
  }

  async list(folder) {
    const id = await this.#idOf(folder);
    const query = new URLSearchParams({
      q: `'${id}' in parents and trashed = false`,
      orderBy: 'folder,name',
      fields: `nextPageToken,files(${FILE_FIELDS})`,
      pageSize: '1000',
      supportsAllDrives: 'true',
    });
    let count = 0;
    for (let token; ; ) {
      if (token !== undefined) query.set('pageToken', token);
      const page = await this.#json('GET', `/drive/v3/files?${query}`);
      count += page.files.length;
      token = page.nextPageToken;
      if (token === undefined) return count;
    }
  }

  async mkdir(path) {
    const { parentId, name } = await this.#place(path);
    const folder = await this.#json('POST', '/drive/v3/files?supportsAllDrives=true&fields=id', {
      name,
      mimeType: FOLDER_MIME,
      parents: [parentId],
    });
    this.#ids.set(path, folder.id);
  }

  async remove(path) {
    const id = await this.#idOf(path);
    const response = await fetch(
      `${this.apiUrl}/drive/v3/files/${encodeURIComponent(id)}?supportsAllDrives=true`,
      { method: 'DELETE', headers: this.auth },
    );
    await expectOk(response, 'delete');
    this.#ids.delete(path);
  }

  async #place(path) {
    const at = path.lastIndexOf('/');
    return { parentId: await this.#idOf(path.slice(0, at) || '/'), name: path.slice(at + 1) };
  }

  /** The id of a path: remembered when made here, else looked up by name in its parent. */
  async #idOf(path) {
    const known = this.#ids.get(path);
    if (known !== undefined) return known;
    const { parentId, name } = await this.#place(path);
    const query = new URLSearchParams({
      q: `'${parentId}' in parents and name = '${name.replace(/['\\]/g, '\\$&')}' and trashed = false`,
      fields: 'files(id)',
      supportsAllDrives: 'true',
    });
    const [found] = (await this.#json('GET', `/drive/v3/files?${query}`)).files;
    if (!found) throw new Error(`The baseline finds no ${path}.`);
    this.#ids.set(path, found.id);
    return found.id;
  }

  async #json(method, route, body) {
    const response = await fetch(`${this.apiUrl}${route}`, {
      method,
      headers: { ...this.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await expectOk(response, `${method} ${route}`);
    return response.json();
  }
}
