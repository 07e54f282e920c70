/**
 * approx_count_distinct as Spark computes it: HyperLogLog++ (Spark's HyperLogLogPlusPlusHelper)
 * with the default relative standard deviation 0.05, so p = ceil(2·log2(1.106 / 0.05)) = 9 and
 * m = 512 six-bit registers. Each non-null value is hashed with XxHash64 (seed 42) over Spark's
 * binary form of its type (INT/DATE as a 4-byte int, BIGINT/TIMESTAMP as 8 bytes, DOUBLE as its
 * IEEE bits with -0.0 and NaN normalised, strings as UTF-8, structs and arrays field by field);
 * the top p bits choose the register, the leading zeros of the rest (plus one) are its candidate
 * value. The estimate uses linear counting below Spark's threshold and the bias-corrected raw
 * estimate (k = 6 nearest neighbours in the HLL++ appendix data) above it, as Spark does, so
 * the result equals Spark's for the same input.
 *
 * The sketch is the aggregation state: 512 registers packed five to a 30-bit word (103 small
 * integers per group, about 1 KB of JSON), whatever the number of distinct values.
 */
import { type Decimal, unscaledAt } from '../../types/decimal-value.js'
import { xxhash64Bytes, xxhash64Int, xxhash64Long } from '../../internal/xxhash64.js'
import type { DataType } from '../../types/index.js'
import type { AggregateFunction } from './aggregate-functions.js'
import { BIASES_P9, RAW_ESTIMATES_P9 } from './hyperloglog-tables.js'

const P = 9
const M = 1 << P
const REGISTERS_PER_WORD = 5
const WORDS = Math.ceil(M / REGISTERS_PER_WORD)
const SEED = 42n
const MASK64 = (1n << 64n) - 1n
const W_PADDING = 1n << BigInt(P - 1)
const ALPHA_M2 = (0.7213 / (1 + 1.079 / M)) * M * M
// Spark's THRESHOLDS(p - 4): linear counting is used up to this estimate.
const LINEAR_COUNTING_THRESHOLD = 400
const K = 6

const encoder = new TextEncoder()

/** Java's `BigInteger.toByteArray()`: minimal big-endian two's complement, sign bit included. */
function bigIntegerBytes(v: bigint): Uint8Array {
  let bytes = 1
  while (v >= 1n << BigInt(8 * bytes - 1) || v < -(1n << BigInt(8 * bytes - 1))) bytes++
  let u = v < 0n ? v + (1n << BigInt(8 * bytes)) : v
  const out = new Uint8Array(bytes)
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(u & 0xffn)
    u >>= 8n
  }
  return out
}
const f64 = new Float64Array(1)
const u64 = new BigUint64Array(f64.buffer)
const f32 = new Float32Array(1)
const i32 = new Int32Array(f32.buffer)

/** Spark's XxHash64Function.hash(value, type, seed) for the engine's value representation. */
export function sparkXxHash64(value: unknown, type: DataType, seed: bigint): bigint {
  if (value === null || value === undefined) return seed
  switch (type.type) {
    case 'boolean':
      return xxhash64Int(value ? 1 : 0, seed)
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
      return xxhash64Int(value as number, seed)
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      return xxhash64Long(BigInt(value as number | bigint), seed)
    case 'float': {
      const v = value as number
      if (Number.isNaN(v)) return xxhash64Int(0x7fc00000, seed)
      f32[0] = v === 0 ? 0 : v
      return xxhash64Int(i32[0]!, seed)
    }
    case 'decimal':
      // Spark hashes a decimal of precision <= 18 by its unscaled long.
      if (type.precision <= 18) return xxhash64Long(unscaledAt(value as Decimal, type.scale), seed)
      // Wider: the bytes of BigInteger.toByteArray() of the unscaled value, as Spark.
      return xxhash64Bytes(bigIntegerBytes(unscaledAt(value as Decimal, type.scale)), seed)
    case 'double': {
      const v = value as number
      if (Number.isNaN(v)) return xxhash64Long(0x7ff8000000000000n, seed)
      f64[0] = v === 0 ? 0 : v
      return xxhash64Long(u64[0]!, seed)
    }
    case 'string':
      return xxhash64Bytes(encoder.encode(value as string), seed)
    case 'binary':
      return xxhash64Bytes(value as Uint8Array, seed)
    case 'struct': {
      let h = seed
      const values = value as readonly unknown[]
      type.fields.forEach((f, i) => (h = sparkXxHash64(values[i], f.dataType, h)))
      return h
    }
    case 'array': {
      let h = seed
      for (const v of value as readonly unknown[]) h = sparkXxHash64(v, type.elementType, h)
      return h
    }
    default:
      // Maps and the rest: hashed by their JSON form (not Spark's bytes; see DIFFERENCES.md).
      return xxhash64Bytes(
        encoder.encode(JSON.stringify([...(value as Map<unknown, unknown>)])),
        seed,
      )
  }
}

function leadingZeros64(x: bigint): number {
  const hi = Number(x >> 32n)
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(Number(x & 0xffffffffn))
}

function register(words: readonly number[], idx: number): number {
  const shift = 6 * (idx % REGISTERS_PER_WORD)
  return (words[(idx / REGISTERS_PER_WORD) | 0]! >>> shift) & 63
}

function setRegister(words: number[], idx: number, value: number): void {
  const w = (idx / REGISTERS_PER_WORD) | 0
  const shift = 6 * (idx % REGISTERS_PER_WORD)
  words[w] = (words[w]! & ~(63 << shift)) | (value << shift)
}

/** Folds one value into the registers. */
export function hllAdd(words: number[], value: unknown, type: DataType): void {
  const x = sparkXxHash64(value, type, SEED)
  const idx = Number(x >> BigInt(64 - P))
  const pw = leadingZeros64(((x << BigInt(P)) & MASK64) | W_PADDING) + 1
  if (pw > register(words, idx)) setRegister(words, idx, pw)
}

/** The cardinality estimate of the registers (Spark's `query`). */
export function hllEstimate(words: readonly number[]): number {
  let zInverse = 0
  let v = 0
  for (let idx = 0; idx < M; idx++) {
    const r = register(words, idx)
    zInverse += 1 / 2 ** r
    if (r === 0) v += 1
  }
  const e = ALPHA_M2 / zInverse
  const biasCorrected = (): number => (e < 5 * M ? e - estimateBias(e) : e)
  let estimate: number
  if (v > 0) {
    const h = M * Math.log(M / v)
    estimate = h <= LINEAR_COUNTING_THRESHOLD || e <= 2.5 * M ? h : biasCorrected()
  } else {
    estimate = biasCorrected()
  }
  // Java's Math.round: floor(x + 0.5).
  return Math.floor(estimate + 0.5)
}

// k-nearest-neighbour interpolation of the bias, exactly as Spark's estimateBias.
function estimateBias(e: number): number {
  const estimates = RAW_ESTIMATES_P9
  const n = estimates.length
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (estimates[mid]! < e) lo = mid + 1
    else hi = mid
  }
  const nearest = lo
  const distance = (i: number): number => (e - estimates[i]!) ** 2
  let low = Math.max(nearest - K + 1, 0)
  let high = Math.min(low + K, n)
  while (high < n && distance(high) < distance(low)) {
    low++
    high++
  }
  let sum = 0
  for (let i = low; i < high; i++) sum += BIASES_P9[i]!
  return sum / (high - low)
}

/** approx_count_distinct over values of `type`: one slot holding the packed registers. */
export function approxCountDistinct(type: DataType): AggregateFunction {
  return {
    slots: 1,
    init: (a, i) => void (a[i] = new Array<number>(WORDS).fill(0)),
    update: (a, i, v) => {
      if (v !== null && v !== undefined) hllAdd(a[i] as number[], v, type)
    },
    merge: (a, i, o, j) => {
      const mine = a[i] as number[]
      const theirs = o[j] as readonly number[]
      for (let idx = 0; idx < M; idx++) {
        const r = register(theirs, idx)
        if (r > register(mine, idx)) setRegister(mine, idx, r)
      }
    },
    evaluate: (a, i) => hllEstimate(a[i] as readonly number[]),
  }
}
