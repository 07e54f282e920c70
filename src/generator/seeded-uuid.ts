/**
 * UUID v4 strings from a {@link SeededRandom} instead of the OS CSPRNG, so that event ids are
 * reproducible with a seed. Layout per RFC 9562 §5.4: 122 random bits, version nibble 4 in octet 6,
 * variant bits 10 in octet 8.
 */
import type { SeededRandom } from './seeded-random.js'

const HEX4: readonly string[] = Array.from({ length: 65536 }, (_, i) =>
  i.toString(16).padStart(4, '0'),
)

/**
 * The canonical text of the UUID whose 128 bits are `w0..w3` (big-endian 32-bit words, which
 * must already carry the version and variant bits). @internal
 */
export function formatUuidWords(w0: number, w1: number, w2: number, w3: number): string {
  return (
    `${HEX4[w0 >>> 16]}${HEX4[w0 & 0xffff]}-${HEX4[w1 >>> 16]}-${HEX4[w1 & 0xffff]}-` +
    `${HEX4[w2 >>> 16]}-${HEX4[w2 & 0xffff]}${HEX4[w3 >>> 16]}${HEX4[w3 & 0xffff]}`
  )
}

/**
 * A UUID v4 string drawn from `rng` (4 × 32 random bits, of which 122 are kept).
 *
 * @example
 * ```ts
 * import { SeededRandom, seededUuid } from 'streamlake'
 * const id = seededUuid(SeededRandom.create(7)) // the same id for seed 7, every time
 * ```
 */
export function seededUuid(rng: SeededRandom): string {
  const w0 = rng.nextUint32()
  const w1 = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0
  const w2 = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0
  return formatUuidWords(w0, w1, w2, rng.nextUint32())
}
