import zlib from 'node:zlib';
import sharp from 'sharp';

/**
 * Files made in the test, byte by byte or with sharp, so that each test says exactly what it
 * sends: the position a phone writes in a photo, a comment hidden in a PNG, the first bytes of a
 * HEIC or a WebM.
 */

/** Where the photo was taken, as a phone writes it in EXIF: 45°30′ N, 73°34′ W (Montréal). */
export const GPS_EXIF = {
  IFD0: { Make: 'Téléphone', Model: 'Modèle 12', Software: 'Appareil photo 17.2' },
  IFD2: { DateTimeOriginal: '2026:09:14 10:31:02' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 0/1' },
};

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="45,30.0N" exif:GPSLongitude="73,34.0W"/>' +
  '</rdf:RDF></x:xmpmeta>';

function picture(width: number, height: number) {
  // Two halves of different colours, so that a turn of the picture shows in its pixels.
  const left = { r: 220, g: 40, b: 40 };
  return sharp({ create: { width, height, channels: 3, background: left } }).composite([
    { input: { create: { width: Math.floor(width / 2), height, channels: 3, background: { r: 40, g: 40, b: 220 } } }, left: Math.ceil(width / 2), top: 0 },
  ]);
}

/**
 * A phone photo: a JPEG stored sideways (600 × 400 pixels, EXIF orientation 6: "turn 90°
 * clockwise to show"), carrying the GPS position, the device, the date, XMP and an ICC profile.
 */
export async function phoneJpeg(): Promise<Buffer> {
  return picture(600, 400).jpeg().withExif(GPS_EXIF).withMetadata({ orientation: 6 }).withXmp(XMP).withIccProfile('p3').toBuffer();
}

/** A PNG with a text chunk saying where it was taken (PNG has no EXIF, but it has comments). */
export async function pngWithComment(): Promise<Buffer> {
  const png = await picture(300, 200).png().toBuffer();
  const data = Buffer.from('Comment\0Pris au 12 rue des Erables, Montreal', 'latin1');
  const type = Buffer.from('tEXt');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(zlib.crc32(Buffer.concat([type, data])), 8 + data.length);
  const afterHeader = 8 + 25; // signature, then the IHDR chunk
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

export async function webpWithExif(): Promise<Buffer> {
  return picture(500, 300).webp().withExif(GPS_EXIF).toBuffer();
}

export async function avif(): Promise<Buffer> {
  return picture(64, 64).avif().toBuffer();
}

/** The first bytes of an iPhone photo (HEIC): its `ftyp` box, which is how it is recognised. */
export function heic(): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(2000, 7)]);
}

export function pdf(bytes = 2000): Buffer {
  const start = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
  return Buffer.concat([start, Buffer.alloc(Math.max(0, bytes - start.length), 0x20)]);
}

/** A zip of stored (uncompressed) entries: enough for an Office or OpenDocument file's signature. */
function storedZip(entries: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(zlib.crc32(data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(fileName.length, 26);
    parts.push(header, fileName, data);
  }
  return Buffer.concat(parts);
}

export function docx(): Buffer {
  const types =
    '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ' +
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  return storedZip([['[Content_Types].xml', types], ['word/document.xml', '<w:document/>']]);
}

export function odt(): Buffer {
  return storedZip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]);
}

/** A WebM recording's EBML header (DocType "webm") followed by `bytes` of stand-in media. */
export function webm(bytes = 1000): Buffer {
  const header = [0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08];
  return Buffer.concat([Buffer.from(header), Buffer.from([0x42, 0x82, 0x84]), Buffer.from('webm'), Buffer.from([0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]), Buffer.alloc(bytes, 0x5a)]);
}

export function mp4(): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'), Buffer.alloc(500)]);
}

/** A Windows program: what must never be accepted, whatever it is called. */
export function windowsProgram(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

/** The IFD0 tags of an EXIF block (a TIFF header after `Exif\0\0`): 0x8825 is the pointer to the GPS data. */
export function exifTags(exif: Buffer): number[] {
  const tiff = exif.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}
export const GPS_IFD_TAG = 0x8825;
