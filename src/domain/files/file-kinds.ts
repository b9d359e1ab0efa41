/**
 * The kinds of file Balise keeps (SEC-2), and what each may be. The kind is decided from the
 * file's bytes, never from its name: a photo sent as « document.pdf » is still a photo, and is
 * stripped of its metadata like any other.
 */
export const fileKinds = ['photo', 'document', 'recording'] as const;
export type FileKind = (typeof fileKinds)[number];

const MiB = 1024 * 1024;

/**
 * The most an upload of each kind may weigh, in bytes, checked while it arrives. A phone photo is
 * 2–12 MB; a meeting recording (issue 18) of two hours at 2.5 Mbit/s is about 2.3 GB.
 */
export const maxUploadBytes: Readonly<Record<FileKind, number>> = {
  photo: 25 * MiB,
  document: 25 * MiB,
  recording: 4096 * MiB,
};

/** The types each kind accepts, as read from the bytes (`file-type`'s names, without parameters). */
export const acceptedTypes: Readonly<Record<FileKind, readonly string[]>> = {
  photo: ['image/jpeg', 'image/png', 'image/webp'],
  document: [
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
    'application/vnd.oasis.opendocument.presentation',
  ],
  recording: ['video/webm', 'video/mp4', 'audio/mp4', 'audio/x-m4a', 'audio/ogg', 'video/ogg', 'audio/mpeg', 'audio/wav'],
};

/**
 * Pictures Balise recognises but cannot re-encode here, so cannot strip: the prebuilt image
 * library has no HEVC decoder (iPhone HEIC), and the others are not photo formats families send.
 * They get a message saying how to send the photo instead, never a silent pass-through.
 */
export const unreadablePictureTypes: readonly string[] = [
  'image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/avif',
  'image/gif', 'image/tiff', 'image/bmp', 'image/jxl', 'image/x-adobe-dng', 'image/apng',
];

/** How photos are kept: re-encoded in their own format, no larger than needed on a screen. */
export const photoSettings = {
  /** Refuse to decode more pixels than this: a small file can claim a huge image (a decompression bomb). */
  maxInputPixels: 100_000_000,
  /** Longest side kept, in pixels: a 4K screen's width; phone photos are larger and heavier than any page needs. */
  maxEdge: 3840,
  /** Quality of the re-encoded JPEG or WebP: indistinguishable on screen, about a third of a phone's file. */
  quality: 85,
  /** Thumbnail, made once at upload: the width of a post's picture in the feed. */
  thumbnailWidth: 400,
  thumbnailType: 'image/webp',
  thumbnailQuality: 75,
} as const;

/** The kind a type read from the bytes belongs to, if Balise keeps that type at all. */
export function kindOfType(mime: string): FileKind | undefined {
  return fileKinds.find((kind) => acceptedTypes[kind].includes(mime));
}
