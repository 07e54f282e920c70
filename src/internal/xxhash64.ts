/**
 * XXH64 (xxHash, 64-bit) as Spark's `XxHash64` implements it: `hashInt` / `hashLong` for
 * 4- and 8-byte values (the one-word special cases Spark uses for INT and BIGINT) and the
 * standard algorithm over bytes (`hashUnsafeBytes`, little-endian words). Results are unsigned
 * 64-bit BigInts. BigInt arithmetic is slow (~1 µs per hash) but exact; only
 * approx_count_distinct hashes per row.
 */
const MASK = (1n << 64n) - 1n
const P1 = 0x9e3779b185ebca87n
const P2 = 0xc2b2ae3d27d4eb4fn
const P3 = 0x165667b19e3779f9n
const P4 = 0x85ebca77c2b2ae63n
const P5 = 0x27d4eb2f165667c5n

const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK
const add = (a: bigint, b: bigint): bigint => (a + b) & MASK
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK

function fmix(h: bigint): bigint {
  h ^= h >> 33n
  h = mul(h, P2)
  h ^= h >> 29n
  h = mul(h, P3)
  h ^= h >> 32n
  return h
}

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl(add(acc, mul(input, P2)), 31n), P1)
}

/** Spark's `XxHash64.hashInt(i, seed)` (i a 32-bit integer). */
export function xxhash64Int(i: number, seed: bigint): bigint {
  let h = add(add(seed, P5), 4n)
  h ^= mul(BigInt(i >>> 0), P1)
  h = add(mul(rotl(h, 23n), P2), P3)
  return fmix(h)
}

/** Spark's `XxHash64.hashLong(l, seed)` (l any 64-bit integer, signed or not). */
export function xxhash64Long(l: bigint, seed: bigint): bigint {
  let h = add(add(seed, P5), 8n)
  h ^= mul(rotl(mul(l & MASK, P2), 31n), P1)
  h = add(mul(rotl(h, 27n), P1), P4)
  return fmix(h)
}

/** XXH64 of `bytes` with `seed` (Spark's `hashUnsafeBytes`). */
export function xxhash64Bytes(bytes: Uint8Array, seed: bigint): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const len = bytes.length
  let p = 0
  let h: bigint
  if (len >= 32) {
    let v1 = add(add(seed, P1), P2)
    let v2 = add(seed, P2)
    let v3 = seed & MASK
    let v4 = (seed - P1) & MASK
    while (p + 32 <= len) {
      v1 = round(v1, view.getBigUint64(p, true))
      v2 = round(v2, view.getBigUint64(p + 8, true))
      v3 = round(v3, view.getBigUint64(p + 16, true))
      v4 = round(v4, view.getBigUint64(p + 24, true))
      p += 32
    }
    h = add(add(add(rotl(v1, 1n), rotl(v2, 7n)), rotl(v3, 12n)), rotl(v4, 18n))
    for (const v of [v1, v2, v3, v4]) h = add(mul(h ^ round(0n, v), P1), P4)
  } else {
    h = add(seed, P5)
  }
  h = add(h, BigInt(len))
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, view.getBigUint64(p, true))
    h = add(mul(rotl(h, 27n), P1), P4)
  }
  if (p + 4 <= len) {
    h ^= mul(BigInt(view.getUint32(p, true)), P1)
    h = add(mul(rotl(h, 23n), P2), P3)
    p += 4
  }
  for (; p < len; p++) {
    h ^= mul(BigInt(bytes[p]!), P5)
    h = mul(rotl(h, 11n), P1)
  }
  return fmix(h)
}
