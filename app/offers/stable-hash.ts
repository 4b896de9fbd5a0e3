// A small, fast, non-cryptographic 64-bit hash (FNV-1a) for ids that must be the same on every
// request and every server: offer ids and holdout buckets. No node:crypto, so the engine also runs
// in a browser or a checkout extension.
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

/** A uniform number in [0, 1) from a text. */
export function unitInterval(text: string): number {
  return Number(fnv1a64(text) >> 11n) / 2 ** 53;
}
