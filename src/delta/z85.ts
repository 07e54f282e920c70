/**
 * Z85 decoding (ZeroMQ RFC 32), the text encoding Delta uses for inline deletion vectors and for
 * the UUID in an on-disk deletion vector's `pathOrInlineDv` (PROTOCOL.md §Deletion Vector
 * Descriptor Schema). Every 5 characters are one big-endian 32-bit word.
 */

const ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'

const DIGITS = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i

/** Decodes Z85 text (length a multiple of 5) into bytes; throws on any other character. */
export function decodeZ85(text: string): Uint8Array {
  if (text.length % 5 !== 0)
    throw new Error(`Z85 text length ${text.length} is not a multiple of 5`)
  const out = new Uint8Array((text.length / 5) * 4)
  const view = new DataView(out.buffer)
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let word = 0
    for (let j = 0; j < 5; j++) {
      const code = text.charCodeAt(i + j)
      const digit = code < 128 ? DIGITS[code]! : -1
      if (digit < 0) throw new Error(`invalid Z85 character ${JSON.stringify(text[i + j])}`)
      word = word * 85 + digit
    }
    if (word > 0xffffffff) throw new Error(`Z85 group ${text.slice(i, i + 5)} overflows 32 bits`)
    view.setUint32(o, word)
  }
  return out
}

/** The canonical text form (8-4-4-4-12 hex) of a UUID Delta stored as 20 Z85 characters. */
export function z85Uuid(text: string): string {
  const hex = [...decodeZ85(text)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
