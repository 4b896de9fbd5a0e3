// A small, fast, non-cryptographic 64-bit hash (FNV-1a plus MurmurHash3's finaliser) for ids that must be the same on every
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
  return avalanche(hash);
}

// FNV-1a alone barely mixes the last bytes into the high bits ("visitor-1" vs "visitor-2" would
// land in the same holdout bucket); MurmurHash3's fmix64 spreads every input bit over all 64.
function avalanche(value: bigint): bigint {
  let h = value;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK_64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK_64;
  h ^= h >> 33n;
  return h;
}

/** A uniform number in [0, 1) from a text. */
export function unitInterval(text: string): number {
  return Number(fnv1a64(text) >> 11n) / 2 ** 53;
}
