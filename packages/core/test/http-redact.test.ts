import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../src/http/index.js';

const SECRET = 'S3cr3t-Value_123';

describe('redactSecrets', () => {
  it('removes Bearer tokens', () => {
    expect(redactSecrets(`sent Bearer ${SECRET}.x/y+z= to graph`)).toBe(
      'sent Bearer [REDACTED] to graph',
    );
  });

  it('removes Authorization and Cookie header values', () => {
    const text = `GET /x\r\nAuthorization: Basic ${SECRET}\r\nCookie: sid=${SECRET}\r\nAccept: */*`;
    expect(redactSecrets(text)).toBe(
      'GET /x\r\nAuthorization: [REDACTED]\r\nCookie: [REDACTED]\r\nAccept: */*',
    );
  });

  it('removes secret query, fragment and form parameters, whatever their case', () => {
    const names = [
      'access_token',
      'refresh_token',
      'code',
      'client_secret',
      'code_verifier',
      'password',
      'token',
      'sig',
      'tempauth',
      'key',
      'Access_Token',
    ];
    for (const name of names) {
      expect(redactSecrets(`https://h/p?a=1&${name}=${SECRET}&b=2`)).toBe(
        `https://h/p?a=1&${name}=[REDACTED]&b=2`,
      );
      expect(redactSecrets(`${name}=${SECRET}`)).toBe(`${name}=[REDACTED]`);
    }
    expect(redactSecrets(`https://app/cb#access_token=${SECRET}&state=s`)).toBe(
      'https://app/cb#access_token=[REDACTED]&state=s',
    );
    expect(redactSecrets(`grant_type=authorization_code&code=${SECRET}`)).toBe(
      'grant_type=authorization_code&code=[REDACTED]',
    );
  });

  it('leaves parameters that merely end with a secret name alone', () => {
    expect(redactSecrets('https://h/p?apikey_hint=1&barcode=2&monkey=3')).toBe(
      'https://h/p?apikey_hint=1&barcode=2&monkey=3',
    );
  });

  it('removes JSON string fields with secret names, but keeps error codes', () => {
    const body = `{"access_token": "${SECRET}", "refresh_token":"${SECRET}","password":"a\\"${SECRET}",
      "error":{"code":"itemNotFound"}}`;
    const redacted = redactSecrets(body);
    expect(redacted).not.toContain(SECRET);
    expect(redacted).toContain('"access_token": "[REDACTED]"');
    expect(redacted).toContain('"code":"itemNotFound"');
  });

  it('removes passwords in URLs', () => {
    expect(redactSecrets(`proxy https://user:${SECRET}@proxy.local:8080/x`)).toBe(
      'proxy https://user:[REDACTED]@proxy.local:8080/x',
    );
  });
});

describe('redactUrl', () => {
  it('redacts secret parameters of a string or URL and keeps the rest', () => {
    const url = new URL(`https://x.sharepoint.com/upload?guid=g1&tempauth=${SECRET}`);
    expect(redactUrl(url)).toBe('https://x.sharepoint.com/upload?guid=g1&tempauth=[REDACTED]');
    expect(
      redactUrl(
        `https://www.googleapis.com/upload/drive/v3/files?uploadType=resumable&upload_id=${SECRET}`,
      ),
    ).toBe(
      'https://www.googleapis.com/upload/drive/v3/files?uploadType=resumable&upload_id=[REDACTED]',
    );
  });
});
