import type { ErrorDomain } from '../engine-error.js'

/** One catalogue entry. */
export interface CatalogueEntry {
  readonly domain: ErrorDomain
  readonly retryable: boolean
  /** What happened, why, and how to fix it, with `<param>` placeholders. */
  readonly template: string
}

/** Helper that keeps the literal keys of an area's catalogue while checking entry shapes. */
export function defineMessages<const T extends Record<string, CatalogueEntry>>(entries: T): T {
  return entries
}
