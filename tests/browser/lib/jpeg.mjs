// JPEG helpers for the browser tests: give a photo the metadata a phone writes (a GPS position
// and an orientation flag, in an EXIF APP1 segment), and read a JPEG's size from its frame header.

/**
 * `jpeg` with an EXIF segment after its SOI marker: Orientation 6 (turn 90° clockwise to show)
 * and a GPS latitude of 55° 40′ N. Written by hand (little-endian TIFF), so no library is needed.
 */
export function jpegWithGpsAndOrientation(jpeg) {
  const u16 = (v) => [v & 255, (v >> 8) & 255];
  const u32 = (v) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];
  const entry = (tag, type, count, value) => [...u16(tag), ...u16(type), ...u32(count), ...value];
  const ifd0 = 8;
  const gps = ifd0 + 2 + 2 * 12 + 4;
  const latitude = gps + 2 + 2 * 12 + 4;
  const tiff = Buffer.from([
    0x49, 0x49, 0x2a, 0x00, ...u32(ifd0),
    ...u16(2),
    ...entry(0x0112, 3, 1, [...u16(6), 0, 0]), // Orientation, SHORT
    ...entry(0x8825, 4, 1, u32(gps)), // GPS IFD pointer, LONG
    ...u32(0),
    ...u16(2),
    ...entry(0x0001, 2, 2, [0x4e, 0, 0, 0]), // GPSLatitudeRef "N"
    ...entry(0x0002, 5, 3, u32(latitude)), // GPSLatitude, 3 RATIONAL
    ...u32(0),
    ...u32(55), ...u32(1), ...u32(40), ...u32(1), ...u32(0), ...u32(1),
  ]);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const length = payload.length + 2;
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 255]), payload]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

/** The width and height in a JPEG's first frame header (SOF0–SOF15 but DHT/JPG/DAC). */
export function jpegSize(jpeg) {
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1];
    const length = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { width: jpeg.readUInt16BE(i + 7), height: jpeg.readUInt16BE(i + 5) };
    }
    i += 2 + length;
  }
  return null;
}

/** The markers of a JPEG's segments before its image data (0xE0 APP0, 0xE1 APP1/EXIF, …). */
export function jpegMarkers(jpeg) {
  const out = [];
  let i = 2;
  while (i + 3 < jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1];
    out.push(marker);
    if (marker === 0xda) break;
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  return out;
}
