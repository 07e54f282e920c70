/**
 * A small, fast, seedable PRNG for the event generator: sfc32 (Chris Doty-Humphrey's "small fast
 * counting" generator, PractRand-clean, period at least 2^32). `Math.random` cannot be seeded, so
 * every random choice the generator makes comes from here and a seed reproduces a run exactly.
 *
 * Seeding: the seed (a non-negative safe integer) and a stream number (the batch index) go through
 * a bijective 32-bit finalizer into the state words, then 15 outputs are discarded. Different
 * (seed, stream) pairs therefore start from different states, which lets each batch own an
 * independent generator so that batch k's contents do not depend on how many runs produced
 * batches 0..k-1.
 */
import { randomInt } from 'node:crypto'

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992

/** murmur3's fmix32: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A seeded pseudo-random number generator (sfc32). Not cryptographically secure.
 *
 * @example
 * ```ts
 * import { SeededRandom } from 'streamlake'
 * const rng = SeededRandom.create(42)
 * const die = rng.nextInt(1, 6) // the same value for seed 42, every time
 * ```
 */
export class SeededRandom {
  private a: number
  private b: number
  private c: number
  private d: number

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a
    this.b = b
    this.c = c
    this.d = d
  }

  /**
   * Creates a generator for `seed` (a non-negative safe integer) and an optional `stream` number
   * (a non-negative integer below 2^32, e.g. a batch index) selecting an independent sequence.
   */
  static create(seed: number, stream = 0): SeededRandom {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer (got ${seed})`)
    }
    if (!Number.isInteger(stream) || stream < 0 || stream >= TWO_POW_32) {
      throw new RangeError(`stream must be an integer in [0, 2^32) (got ${stream})`)
    }
    const lo = seed >>> 0
    const hi = Math.floor(seed / TWO_POW_32) >>> 0
    const rng = new SeededRandom(
      fmix32(lo ^ 0x9e3779b9),
      fmix32(hi ^ 0x6a09e667),
      fmix32(stream ^ 0xbb67ae85),
      1,
    )
    for (let i = 0; i < 15; i++) rng.nextUint32()
    return rng
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32
  }

  /** An integer uniformly drawn from [min, max], both inclusive (safe integers, min ≤ max). */
  nextInt(min: number, max: number): number {
    const span = max - min + 1
    if (span <= TWO_POW_32) return min + Math.floor(this.nextFloat() * span)
    const bits53 = (this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)
    return min + Math.floor((bits53 / TWO_POW_53) * span)
  }
}

/**
 * A fresh random seed (from the OS CSPRNG) for runs started without `--seed`; print it so that the
 * run can be reproduced.
 *
 * @example
 * ```ts
 * import { randomSeed, SeededRandom } from 'streamlake'
 * const seed = randomSeed()
 * console.log(`seed ${seed}`)
 * const rng = SeededRandom.create(seed)
 * ```
 */
export function randomSeed(): number {
  return randomInt(0, 0xffffffff)
}
