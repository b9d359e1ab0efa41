import { describe, expect, it } from 'vitest';
import { sniffFileType, SNIFF_BYTES } from '../../../src/domain/files/sniff-file-type.ts';
import * as samples from './samples.ts';

describe('SEC-2 issue 17 a file\'s type is read from its bytes', () => {
  it.each([
    ['a phone JPEG', samples.phoneJpeg, { mime: 'image/jpeg', ext: 'jpg' }],
    ['a PNG', samples.pngWithComment, { mime: 'image/png', ext: 'png' }],
    ['a WebP', samples.webpWithExif, { mime: 'image/webp', ext: 'webp' }],
    ['an iPhone HEIC', samples.heic, { mime: 'image/heic', ext: 'heic' }],
    ['an AVIF', samples.avif, { mime: 'image/avif', ext: 'avif' }],
    ['a PDF', samples.pdf, { mime: 'application/pdf', ext: 'pdf' }],
    ['a Word document', samples.docx, { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' }],
    ['an OpenDocument text', samples.odt, { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt' }],
    ['a WebM recording', samples.webm, { mime: 'video/webm', ext: 'webm' }],
    ['an MP4 recording', samples.mp4, { mime: 'video/mp4', ext: 'mp4' }],
    ['a Windows program', samples.windowsProgram, { mime: 'application/x-msdownload', ext: 'exe' }],
  ] as const)('%s is recognised', async (_, make, expected) => {
    expect(await sniffFileType(await make())).toEqual(expected);
  });

  it('plain text and nothing at all have no type', async () => {
    expect(await sniffFileType(Buffer.from('Bonjour la classe, demain sortie au musée.\n'))).toBeUndefined();
    expect(await sniffFileType(new Uint8Array(0))).toBeUndefined();
  });

  it('parameters are dropped: an Ogg Opus recording is audio/ogg', async () => {
    const page = Buffer.alloc(200);
    page.write('OggS', 0, 'latin1');
    page[26] = 1; // one segment in the page
    page[27] = 19;
    page.write('OpusHead', 28, 'latin1');
    expect(await sniffFileType(page)).toEqual({ mime: 'audio/ogg', ext: 'opus' });
  });

  it('what is sniffed is the first 256 KiB: enough for a Word document cut there', async () => {
    expect(SNIFF_BYTES).toBe(256 * 1024);
    const big = Buffer.concat([samples.docx(), Buffer.alloc(SNIFF_BYTES)]);
    expect((await sniffFileType(big.subarray(0, SNIFF_BYTES)))?.ext).toBe('docx');
  });
});
