import { describe, expect, it } from 'vitest';
import { urlScope } from '../src/http/index.js';

describe('urlScope', () => {
  const graph = urlScope('https://graph.microsoft.com/v1.0');

  it('covers the origin and the path up to the base URL’s last segment', () => {
    expect(graph).toMatchObject({ origin: 'https://graph.microsoft.com', pathPrefix: '/' });
    expect(urlScope('http://127.0.0.1:4010/www.googleapis.com/')?.pathPrefix).toBe(
      '/www.googleapis.com/',
    );
    expect(urlScope('not a url')).toBeUndefined();
  });

  it.each([
    'https://graph.microsoft.com/v1.0/me/drive/root:/a.txt:/content',
    'https://graph.microsoft.com/beta/me',
    'https://GRAPH.microsoft.com:443/v1.0/me',
    'https://graph.microsoft.com/v1.0/me/drive/root:/.hidden:/children',
    'https://graph.microsoft.com/v1.0/me?$skiptoken=a/../b',
  ])('takes %s', (url) => {
    expect(graph?.contains(url)).toBe(true);
  });

  it.each([
    'https://graph.microsoft.com.evil.example/v1.0/me',
    'https://evil.example/https://graph.microsoft.com/v1.0',
    'http://graph.microsoft.com/v1.0/me',
    'https://graph.microsoft.com:444/v1.0/me',
    'not a url',
  ])('refuses %s', (url) => {
    expect(graph?.contains(url)).toBe(false);
  });

  it('parses what could leave the prefix: dot segments, escapes, backslashes, tabs', () => {
    const emulator = urlScope('http://127.0.0.1:4010/graph.microsoft.com/v1.0');
    const base = 'http://127.0.0.1:4010/graph.microsoft.com/';
    for (const way of ['..', '%2e%2e', '.%2E', '..\\', '\t..', 'v1.0/../..', 'v1.0\\..\\..']) {
      expect(emulator?.contains(`${base}${way}/login.microsoftonline.com/x`), way).toBe(false);
    }
    expect(emulator?.contains(`${base}v1.0/./me`)).toBe(true);
  });
});
