import { describe, expect, it } from 'vitest';
import { downloadName, isFileId, objectKey } from '../../../src/domain/files/file-naming.ts';

const id = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c';

describe('SEC-2 stored files are named by a random id alone', () => {
  it('object keys come from the id and the part, spread over folders by the id\'s first characters', () => {
    expect(objectKey(id, 'original')).toBe(`3f/${id}/original`);
    expect(objectKey(id, 'thumbnail')).toBe(`3f/${id}/thumbnail`);
  });
  it.each(['../etc/passwd', '', 'ABC', `${id}/..`, id.toUpperCase(), `${id} `])('%j is not a file id and makes no key', (bad) => {
    expect(isFileId(bad)).toBe(false);
    expect(() => objectKey(bad, 'original')).toThrow();
  });
});

describe('SEC-2 a download is offered under the given name with the extension of its real type', () => {
  it.each([
    ['Sortie au musée.jpeg', 'jpg', 'Sortie au musée.jpg'],
    ['photo.pdf', 'jpg', 'photo.jpg'],
    ['C:\\Users\\marie\\Bureau\\Bulletin.docx', 'docx', 'Bulletin.docx'],
    ['/home/x/../../secret.pdf', 'pdf', 'secret.pdf'],
    ['re"port<1>:?*|.pdf', 'pdf', 'report1.pdf'],
    ['line\nbreak\u0000.pdf', 'pdf', 'linebreak.pdf'],
    ['.htaccess', 'pdf', 'photo-2026-09-14.pdf'],
    ['', 'webp', 'photo-2026-09-14.webp'],
    [undefined, 'png', 'photo-2026-09-14.png'],
    ['   .jpg', 'jpg', 'photo-2026-09-14.jpg'],
  ] as const)('%j as %s is offered as %j', (given, ext, expected) => {
    expect(downloadName(given, ext, 'photo-2026-09-14')).toBe(expected);
  });
  it('a very long name is cut, never its extension', () => {
    const name = downloadName(`${'é'.repeat(300)}.pdf`, 'pdf', 'x');
    expect(name).toBe(`${'é'.repeat(120)}.pdf`);
  });
});
