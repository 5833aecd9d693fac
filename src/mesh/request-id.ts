/**
 * UUIDv4 request ids (Envoy's x-request-id format) from a pool of random bytes.
 * Drawing 4 KiB of randomness at once and formatting 256 ids from it costs far less per
 * request than one `crypto.randomUUID()` call each, on workerd as in Node.
 */
const POOL_BYTES = 4096;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function requestIds(): () => string {
  const pool = new Uint8Array(POOL_BYTES);
  let offset = POOL_BYTES;
  return function nextRequestId(): string {
    if (offset + 16 > POOL_BYTES) {
      crypto.getRandomValues(pool);
      offset = 0;
    }
    const b = pool.subarray(offset, offset + 16);
    offset += 16;
    // Version 4 and the RFC 9562 variant, as randomUUID sets them.
    const b6 = ((b[6] ?? 0) & 0x0f) | 0x40;
    const b8 = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = (i: number): string => HEX[b[i] ?? 0] ?? '00';
    return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${HEX[b6] ?? '40'}${h(7)}-${HEX[b8] ?? '80'}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
  };
}
