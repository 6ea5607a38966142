import { describe, expect, it } from 'vitest';
import { GraphClient } from '../src/graph/graph-client.js';

function client(baseUrl: string): GraphClient {
  return new GraphClient({
    baseUrl,
    fetch: () => Promise.reject(new Error('no requests in these tests')),
    tokens: {
      getAccessToken: async () => 'token',
      refreshAccessToken: async () => undefined,
    },
  });
}

describe('Graph client URLs', () => {
  const graph = client('http://127.0.0.1:9/api/v1.0/');

  it('resolves relative paths against the base and keeps absolute URLs', () => {
    expect(graph.resolve('/me/drive')).toBe('http://127.0.0.1:9/api/v1.0/me/drive');
    expect(graph.resolve('me/drive')).toBe('http://127.0.0.1:9/api/v1.0/me/drive');
    expect(graph.resolve('HTTPS://elsewhere.example/x')).toBe('HTTPS://elsewhere.example/x');
  });

  it("writes query keys with '@' and '$' as they are, encodes the rest, and drops undefined", () => {
    const query = {
      '@microsoft.graph.conflictBehavior': 'fail',
      $top: 5,
      'a b&c': 'x=y z',
      skipped: undefined,
    };
    expect(graph.resolve('/me/drive/root/children', query)).toBe(
      'http://127.0.0.1:9/api/v1.0/me/drive/root/children' +
        '?@microsoft.graph.conflictBehavior=fail&$top=5&a%20b%26c=x%3Dy%20z',
    );
    expect(graph.resolve('/x?$skiptoken=1', { $top: 2 })).toBe(
      'http://127.0.0.1:9/api/v1.0/x?$skiptoken=1&$top=2',
    );
    expect(graph.resolve('/x', { skipped: undefined })).toBe('http://127.0.0.1:9/api/v1.0/x');
  });

  it('knows Graph URLs, also next to the version segment and with dotted names', () => {
    expect(graph.isGraphUrl('http://127.0.0.1:9/api/v1.0/me/drive/root:/a.txt:/content')).toBe(
      true,
    );
    expect(graph.isGraphUrl('http://127.0.0.1:9/api/beta/me')).toBe(true);
    expect(graph.isGraphUrl('http://127.0.0.1:9/api/v1.0/me/drive/root:/.hidden:')).toBe(true);
    expect(graph.isGraphUrl('HTTP://127.0.0.1:9/api/v1.0/me')).toBe(true);
  });

  it('refuses URLs that leave Graph, however they are spelled', () => {
    for (const url of [
      'http://127.0.0.1:9/other/v1.0/me',
      'http://127.0.0.1:9/apix/v1.0/me',
      'http://127.0.0.1:10/api/v1.0/me',
      'https://127.0.0.1:9/api/v1.0/me',
      'http://127.0.0.1:9@evil.example/api/v1.0/me',
      'http://127.0.0.1:9/api/../steal',
      'http://127.0.0.1:9/api/v1.0/../../steal',
      'http://127.0.0.1:9/api/%2e%2e/steal',
      'http://127.0.0.1:9/api/.%2E/steal',
      'http://127.0.0.1:9/api/..\\steal',
      'http://127.0.0.1:9/api/.\t./steal',
      'http://127.0.0.1:9/api/.\n./steal',
      'not a url',
    ]) {
      expect([url, graph.isGraphUrl(url)]).toEqual([url, false]);
    }
  });

  it('refuses to send the token outside Graph', async () => {
    await expect(
      graph.send({ method: 'GET', url: 'http://127.0.0.1:9/api/v1.0/../../steal' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
