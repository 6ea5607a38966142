import { drain } from '../lib/source.mjs';
import { bodyOf, expectOk, fixedChunks } from './fetch-helpers.mjs';

/**
 * The raw baseline for OneDrive: Microsoft Graph spoken with plain fetch, as a careful hand-written
 * client would. Large uploads use an upload session with Content-Range PUTs of Polydrive's chunk
 * size; downloads follow the 302 to the pre-authenticated URL; small files are one
 * `PUT .../content` each; listings follow `@odata.nextLink` with the service's default page size,
 * as Polydrive's `drive.list` does.
 */
export class GraphBaseline {
  label = 'fetch + Graph protocol';

  constructor({ graphUrl, accessToken, chunkSize, meter }) {
    this.graphUrl = graphUrl;
    this.chunkSize = chunkSize;
    this.meter = meter;
    this.auth = { authorization: `Bearer ${accessToken}` };
  }

  async uploadLarge(path, source, size) {
    const session = await this.#json('POST', `${this.#item(path)}:/createUploadSession`, {
      item: { '@microsoft.graph.conflictBehavior': 'replace' },
    });
    let offset = 0;
    for await (const chunk of fixedChunks(source, this.chunkSize)) {
      const end = offset + chunk.byteLength - 1;
      const response = await fetch(session.uploadUrl, {
        method: 'PUT',
        headers: {
          'content-range': `bytes ${offset}-${end}/${size}`,
          'content-length': String(chunk.byteLength),
        },
        body: bodyOf(chunk),
        duplex: 'half',
      });
      await expectOk(response, 'upload fragment');
      await response.arrayBuffer();
      offset = end + 1;
    }
  }

  async downloadLarge(path) {
    const redirect = await fetch(`${this.#item(path)}:/content`, {
      headers: this.auth,
      redirect: 'manual',
    });
    const location = redirect.headers.get('location');
    await redirect.body?.cancel();
    if (redirect.status !== 302 || !location)
      throw new Error(`content answered ${redirect.status}`);
    return drain((await fetch(location)).body);
  }

  async uploadSmall(path, bytes) {
    const response = await fetch(`${this.#item(path)}:/content`, {
      method: 'PUT',
      headers: { ...this.auth, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    await expectOk(response, 'simple upload');
    await response.json();
  }

  async list(folder) {
    let count = 0;
    let url = `${this.#item(folder)}:/children`;
    while (url) {
      const page = await this.#json('GET', url);
      count += page.value.length;
      url = page['@odata.nextLink'];
    }
    return count;
  }

  async mkdir(path) {
    const at = path.lastIndexOf('/');
    const parent =
      at === 0 ? `${this.graphUrl}/me/drive/root` : `${this.#item(path.slice(0, at))}:`;
    await this.#json('POST', `${parent}/children`, {
      name: path.slice(at + 1),
      folder: {},
      '@microsoft.graph.conflictBehavior': 'fail',
    });
  }

  async remove(path) {
    const response = await fetch(`${this.#item(path)}:`, { method: 'DELETE', headers: this.auth });
    await expectOk(response, 'delete');
  }

  #item(path) {
    const encoded = path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
    return `${this.graphUrl}/me/drive/root:/${encoded}`;
  }

  async #json(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: { ...this.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await expectOk(response, `${method} ${new URL(url).pathname}`);
    return response.json();
  }
}
