// A small, fast, non-cryptographic 64-bit hash (FNV-1a plus MurmurHash3's finaliser) for ids that must
// be the same on every request and server: offer ids and holdout buckets. No node:crypto, so the engine
// also runs in a browser or a checkout extension. Offer ids are stored, so the values may never change
// (stable-hash.test.ts pins them).
const MASK_64 = 0xffffffffffffffffn;
const encoder = new TextEncoder();

export function fnv1a64(text: string): bigint {
  // FNV-1a over the UTF-8 bytes in four 16-bit limbs (h3 h2 h1 h0), starting from the offset basis
  // 0xcbf29ce484222325. The prime 0x100000001b3 is 2^40 + 0x1b3: multiplying is h * 0x1b3 plus
  // h shifted left 40 bits (two limbs and 8 bits). BigInt per byte costs ~4 allocations a byte.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of encoder.encode(text)) {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return avalanche((BigInt(h3 * 0x10000 + h2) << 32n) | BigInt(h1 * 0x10000 + h0));
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
