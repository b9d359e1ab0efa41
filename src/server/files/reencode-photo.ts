import sharp from 'sharp';
import { photoSettings } from '../../domain/files/file-kinds.ts';

// A decoded photo must not stay in the image library's cache after its upload: it is a child's picture.
sharp.cache(false);

export interface ReencodedPhoto {
  photo: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/**
 * SEC-2: a photo is decoded and encoded anew, so that nothing but its pixels survives — no EXIF
 * (a phone writes the GPS position where the photo was taken, the date, the device), no XMP,
 * IPTC, ICC profile or comment. It is turned upright first, since the orientation written in the
 * EXIF goes with it. Its format stays (JPEG, PNG or WebP: a PNG keeps its transparency). The
 * thumbnail is made once, here, from the stripped photo. Null when the bytes cannot be decoded.
 */
export async function reencodePhoto(input: Buffer, mime: string): Promise<ReencodedPhoto | null> {
  try {
    // sharp keeps no metadata unless asked (keepExif, withMetadata…): none is asked, anywhere.
    const upright = sharp(input, { limitInputPixels: photoSettings.maxInputPixels, failOn: 'error' })
      .autoOrient()
      .resize({ width: photoSettings.maxEdge, height: photoSettings.maxEdge, fit: 'inside', withoutEnlargement: true });
    const encoded =
      mime === 'image/png'
        ? upright.png({ compressionLevel: 9 })
        : mime === 'image/webp'
          ? upright.webp({ quality: photoSettings.quality })
          : upright.jpeg({ quality: photoSettings.quality, mozjpeg: true });
    const { data: photo, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(photo)
      .resize({ width: photoSettings.thumbnailWidth, withoutEnlargement: true })
      .webp({ quality: photoSettings.thumbnailQuality })
      .toBuffer();
    return { photo, thumbnail, width: info.width, height: info.height };
  } catch {
    // Corrupt data, a truncated file, more pixels than allowed: all "this photo cannot be read".
    return null;
  }
}
