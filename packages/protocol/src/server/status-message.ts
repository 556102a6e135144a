/** What the gRPC spec lets a grpc-message trailer carry as it is: printable ASCII except '%'. */
const PLAIN = /^[\x20-\x24\x26-\x7e]*$/;

/**
 * `details` as a grpc-message header value: percent-encoded as the gRPC HTTP/2 spec says (each UTF-8 byte
 * outside printable ASCII, and '%' itself, as %XX), so any text, line breaks included, survives the trip.
 */
export function encodeStatusMessage(details: string): string {
  if (PLAIN.test(details)) return details;
  let encoded = '';
  for (const byte of Buffer.from(details, 'utf8')) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
