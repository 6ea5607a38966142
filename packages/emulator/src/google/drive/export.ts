import type { GoogleDocKind } from '../files/file.js';
import { zipStored } from './zip.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The formats each Google-native kind exports to in the emulator: the subset of Drive's list
 * whose bytes it can produce. `exportLinks` and `about.exportFormats` list exactly these.
 */
export const EXPORT_FORMATS: Readonly<Record<GoogleDocKind, readonly string[]>> = {
  document: [PDF, DOCX, 'text/plain', 'text/html', 'text/markdown'],
  spreadsheet: [PDF, 'text/csv', 'text/tab-separated-values'],
  presentation: [PDF, 'text/plain'],
  drawing: [PDF, 'image/svg+xml'],
  script: ['application/vnd.google-apps.script+json'],
  form: [],
  jam: [],
  site: [],
};

/** The file extension Drive's export links name a format by. */
export function exportExtension(mimeType: string): string {
  switch (mimeType) {
    case PDF:
      return 'pdf';
    case DOCX:
      return 'docx';
    case 'text/plain':
      return 'txt';
    case 'text/html':
      return 'html';
    case 'text/markdown':
      return 'md';
    case 'text/csv':
      return 'csv';
    case 'text/tab-separated-values':
      return 'tsv';
    case 'image/svg+xml':
      return 'svg';
    default:
      return 'json';
  }
}

/** The bytes of a document exported to `mimeType`, which must be one of its EXPORT_FORMATS. */
export function exportDocument(
  kind: GoogleDocKind,
  title: string,
  text: string,
  mimeType: string,
): Buffer {
  switch (mimeType) {
    case PDF:
      return pdf(text);
    case DOCX:
      return docx(text);
    case 'text/plain':
    case 'text/csv':
      return Buffer.from(text, 'utf8');
    case 'text/tab-separated-values':
      return Buffer.from(text.replaceAll(',', '\t'), 'utf8');
    case 'text/markdown':
      return Buffer.from(`# ${title}\n\n${text}\n`, 'utf8');
    case 'text/html':
      return Buffer.from(
        `<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head><body>${paragraphs(
          text,
        )
          .map((line) => `<p>${escapeXml(line)}</p>`)
          .join('')}</body></html>`,
        'utf8',
      );
    case 'image/svg+xml':
      return Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><text x="10" y="20">${escapeXml(text)}</text></svg>`,
        'utf8',
      );
    default:
      return Buffer.from(
        JSON.stringify({ files: [{ name: 'Code', type: 'server_js', source: text }], kind }),
        'utf8',
      );
  }
}

function paragraphs(text: string): string[] {
  return text.split(/\r?\n/);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A one-page PDF 1.4 showing the text (Latin-1; other characters become '?'). */
function pdf(text: string): Buffer {
  const lines = paragraphs(text).map((line) =>
    line.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`),
  );
  const stream = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((line) => `(${line}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A minimal Word document: one paragraph per line. */
function docx(text: string): Buffer {
  const body = paragraphs(text)
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`)
    .join('');
  const xml = (content: string) =>
    Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${content}`, 'utf8');
  return zipStored([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: xml(
        `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    },
  ]);
}
