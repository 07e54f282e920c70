/**
 * Time-zone IDs as Spark resolves them: `DateTimeUtils.getZoneId` (accepts the pre-3.0 forms
 * `+h:mm` and `+hh:m`) followed by java.time's `ZoneId.of(id, ZoneId.SHORT_IDS)`:
 * `Z`; `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss` (at most ±18:00); `UTC`, `GMT`,
 * `UT` alone or followed by such an offset; the three-letter SHORT_IDS aliases (`PST`, `EST` …);
 * and case-sensitive tz-database region IDs such as `America/Los_Angeles`.
 */
import { EngineError } from '../../errors/index.js'
import { createZoneFormat, ZoneRules } from './zone-rules.js'

// java.time.ZoneId.SHORT_IDS.
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
}

const REGION_ID = /^[A-Za-z][A-Za-z0-9~/._+-]+$/
const UTC = ZoneRules.fixed('UTC', 0)
const cache = new Map<string, ZoneRules | null>([['UTC', UTC]])

/** The zone for a Spark time-zone ID, or null when java.time would reject it. Cached. */
export function resolveZone(id: string): ZoneRules | null {
  let zone = cache.get(id)
  if (zone === undefined) {
    zone = resolveUncached(id)
    if (cache.size > 1000) cache.clear()
    cache.set(id, zone)
  }
  return zone
}

/**
 * The zone for a configured time-zone ID; throws a user error naming `option`
 * (`spark.sql.session.timeZone` or the reader option `timeZone`) when the ID is invalid.
 *
 * @example
 * ```ts
 * const la = requireZone('America/Los_Angeles', 'timeZone')
 * ```
 */
export function requireZone(id: string, option = 'spark.sql.session.timeZone'): ZoneRules {
  const zone = resolveZone(id)
  if (zone === null)
    throw new EngineError('SL_PLAN_INVALID_TIME_ZONE', { value: id, option }, { option })
  return zone
}

/**
 * The UTC offset in microseconds in effect at instant `micros` in `zone`.
 *
 * @example
 * ```ts
 * zoneOffsetMicros(1_795_515_330_123_456, 'America/Los_Angeles') // -28_800_000_000 (PST)
 * ```
 */
export function zoneOffsetMicros(micros: number, zone: string | ZoneRules): number {
  return (typeof zone === 'string' ? requireZone(zone) : zone).offsetAt(micros)
}

function resolveUncached(raw: string): ZoneRules | null {
  const id = raw.replace(/(\+|-)(\d):/, '$10$2:').replace(/(\+|-)(\d\d):(\d)$/, '$1$2:0$3')
  const mapped = Object.hasOwn(SHORT_IDS, id) ? SHORT_IDS[id]! : id
  if (mapped.length <= 1 || mapped.startsWith('+') || mapped.startsWith('-')) {
    const seconds = parseOffset(mapped)
    return seconds === null
      ? null
      : ZoneRules.fixed(mapped === 'Z' ? 'Z' : formatOffsetId(seconds), seconds)
  }
  const prefix =
    mapped.startsWith('UTC') || mapped.startsWith('GMT') ? 3 : mapped.startsWith('UT') ? 2 : 0
  if (prefix > 0) {
    if (mapped.length === prefix) return ZoneRules.fixed(mapped, 0)
    const sign = mapped.charAt(prefix)
    if (sign === '+' || sign === '-') {
      const seconds = parseOffset(mapped.slice(prefix))
      return seconds === null ? null : ZoneRules.fixed(mapped, seconds)
    }
  }
  return resolveRegion(mapped)
}

function resolveRegion(id: string): ZoneRules | null {
  if (!REGION_ID.test(id)) return null
  let format: Intl.DateTimeFormat
  try {
    format = createZoneFormat(id)
  } catch {
    return null
  }
  const canonical = format.resolvedOptions().timeZone
  // java.time region IDs are case-sensitive while Intl is not; a link (US/Pacific) resolves to
  // a different canonical name, which cannot be case-checked this way and is accepted.
  if (canonical !== id && canonical.toLowerCase() === id.toLowerCase()) return null
  if (canonical === 'UTC' || canonical === 'Etc/UTC' || canonical === 'Etc/GMT')
    return ZoneRules.fixed(id, 0)
  return ZoneRules.region(id, format)
}

/** java.time ZoneOffset.of: seconds east of UTC, or null when invalid. */
function parseOffset(text: string): number | null {
  if (text === 'Z') return 0
  let t = text
  if (t.length === 2) t = `${t[0]}0${t[1]}`
  const sign = t.charAt(0)
  if (sign !== '+' && sign !== '-') return null
  let h: number
  let m = 0
  let s = 0
  switch (t.length) {
    case 3:
      h = twoDigits(t, 1, false)
      break
    case 5:
      h = twoDigits(t, 1, false)
      m = twoDigits(t, 3, false)
      break
    case 6:
      h = twoDigits(t, 1, false)
      m = twoDigits(t, 4, true)
      break
    case 7:
      h = twoDigits(t, 1, false)
      m = twoDigits(t, 3, false)
      s = twoDigits(t, 5, false)
      break
    case 9:
      h = twoDigits(t, 1, false)
      m = twoDigits(t, 4, true)
      s = twoDigits(t, 7, true)
      break
    default:
      return null
  }
  if (h < 0 || m < 0 || s < 0 || h > 18 || m > 59 || s > 59) return null
  const total = h * 3600 + m * 60 + s
  if (total > 18 * 3600) return null
  return sign === '-' ? -total : total
}

function twoDigits(t: string, pos: number, colonBefore: boolean): number {
  if (colonBefore && t.charCodeAt(pos - 1) !== 58) return -1
  const a = t.charCodeAt(pos) - 48
  const b = t.charCodeAt(pos + 1) - 48
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1
  return a * 10 + b
}

/** java.time's normalized offset ID: `Z`, `+01:00`, `-07:52:58`. */
export function formatOffsetId(seconds: number): string {
  if (seconds === 0) return 'Z'
  const abs = Math.abs(seconds)
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0')
  const ss = abs % 60
  return `${seconds < 0 ? '-' : '+'}${hh}:${mm}${ss === 0 ? '' : `:${String(ss).padStart(2, '0')}`}`
}
