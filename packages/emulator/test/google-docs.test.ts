import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, reasonOf, startGoogle } from './support/google.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

/** The stored (or deflated) entries of a zip archive, by name. */
function unzip(archive: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (archive.readUInt32LE(at) === 0x04034b50) {
    const method = archive.readUInt16LE(at + 8);
    const size = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const extra = archive.readUInt16LE(at + 28);
    const name = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const data = archive.subarray(start, start + size);
    out.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = start + size;
  }
  return out;
}

describe('Google-native documents', () => {
  it('lists export links, refuses alt=media and exports to PDF, DOCX and text', async () => {
    h = await startGoogle();
    h.emu.google.seed(h.email, {
      '/Plan': { googleDoc: 'document', text: 'First line\nSecond line' },
      '/Budget': { googleDoc: 'spreadsheet', text: 'a,b\n1,2' },
    });
    const plan = h.emu.google.stat(h.email, '/Plan');
    const meta = await h.drive.files.get(
      {
        fileId: plan?.id as string,
        fields: 'mimeType,exportLinks,md5Checksum,capabilities/canDownload',
      },
      h.call,
    );
    expect(meta.data.mimeType).toBe('application/vnd.google-apps.document');
    expect(Object.keys(meta.data.exportLinks ?? {})).toEqual(
      expect.arrayContaining(['application/pdf', DOCX, 'text/plain']),
    );
    expect(meta.data.md5Checksum).toBeUndefined();
    expect(meta.data.capabilities).toEqual({ canDownload: false });

    const media = await h.apiJson(`/drive/v3/files/${plan?.id}?alt=media`);
    expect(media.status).toBe(403);
    expect(reasonOf(media.body).reason).toBe('fileNotDownloadable');

    const text = await h.drive.files.export(
      { fileId: plan?.id as string, mimeType: 'text/plain' },
      { ...h.call, responseType: 'text' },
    );
    expect(text.data).toBe('First line\nSecond line');

    const pdf = await h.api(`/drive/v3/files/${plan?.id}/export?mimeType=application%2Fpdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pdfText = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(pdfText.startsWith('%PDF-1.4')).toBe(true);
    expect(pdfText).toContain('(Second line)');
    expect(pdfText.trimEnd().endsWith('%%EOF')).toBe(true);

    const docx = await h.api(
      `/drive/v3/files/${plan?.id}/export?mimeType=${encodeURIComponent(DOCX)}`,
    );
    const entries = unzip(Buffer.from(await docx.arrayBuffer()));
    expect([...entries.keys()]).toContain('word/document.xml');
    expect(entries.get('word/document.xml')).toContain(
      '<w:t xml:space="preserve">First line</w:t>',
    );

    const budget = h.emu.google.stat(h.email, '/Budget');
    const csv = await h.api(`/drive/v3/files/${budget?.id}/export?mimeType=text%2Fcsv`);
    expect(await csv.text()).toBe('a,b\n1,2');
    const unsupported = await h.apiJson(
      `/drive/v3/files/${budget?.id}/export?mimeType=${encodeURIComponent(DOCX)}`,
    );
    expect(unsupported.status).toBe(400);
  });

  it('refuses exports over the size limit and exports of binary files', async () => {
    h = await startGoogle({ google: { exportSizeLimitBytes: 100 } });
    const doc = h.emu.google.addFile(h.email, {
      name: 'Long',
      googleDoc: 'document',
      text: 'x'.repeat(500),
    });
    const big = await h.apiJson(`/drive/v3/files/${doc.id}/export?mimeType=text%2Fplain`);
    expect(big.status).toBe(403);
    expect(reasonOf(big.body).reason).toBe('exportSizeLimitExceeded');
    const binary = h.emu.google.addFile(h.email, { name: 'b.bin', content: 'b' });
    const notDoc = await h.apiJson(
      `/drive/v3/files/${binary.id}/export?mimeType=application%2Fpdf`,
    );
    expect(notDoc.status).toBe(403);
    expect(reasonOf(notDoc.body).reason).toBe('fileNotExportable');
  });

  it('imports an upload into a Docs type and reports formats in about', async () => {
    h = await startGoogle();
    const created = await h.drive.files.create(
      {
        requestBody: { name: 'Imported', mimeType: 'application/vnd.google-apps.document' },
        media: { mimeType: 'text/plain', body: 'from a text file' },
        fields: 'id,mimeType',
      },
      h.call,
    );
    expect(created.data.mimeType).toBe('application/vnd.google-apps.document');
    const text = await h.api(`/drive/v3/files/${created.data.id}/export?mimeType=text%2Fplain`);
    expect(await text.text()).toBe('from a text file');

    const noFields = await h.apiJson('/drive/v3/about');
    expect(noFields.status).toBe(400);
    expect(reasonOf(noFields.body)).toMatchObject({ reason: 'required', location: 'fields' });
    const about = await h.drive.about.get(
      { fields: 'user(emailAddress,me),storageQuota,exportFormats' },
      h.call,
    );
    expect(about.data.user).toEqual({ emailAddress: h.email, me: true });
    expect(about.data.storageQuota?.limit).toBe(String(15 * 1024 ** 3));
    expect(about.data.exportFormats?.['application/vnd.google-apps.document']).toContain(DOCX);
  });
});
