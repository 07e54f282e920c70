/**
 * The chart libraries of the PNG reports (`streamlake demo --report`, `npm run bench`): ECharts
 * (server-side SVG) and resvg (SVG → PNG). They are optional peer dependencies — 70 MB that a
 * user of the engine alone should not download — so they are imported on first use, and a missing
 * one becomes SL_MONITOR_REPORT_DEPENDENCY_MISSING saying what to install.
 *
 * @internal
 */
import type * as Echarts from 'echarts'
import type * as Resvg from '@resvg/resvg-js'
import { EngineError } from '../../errors/index.js'

/** The versions we test with, also pinned in package.json (devDependencies, peer ranges). */
const PACKAGES = { echarts: '6.1.0', '@resvg/resvg-js': '2.6.2' } as const

export interface ChartLibraries {
  readonly echarts: typeof Echarts
  readonly resvg: typeof Resvg
}

let loaded: Promise<ChartLibraries> | undefined

/**
 * Imports both libraries once. `feature` names what needs them, for the error.
 *
 * @example
 * ```ts
 * const { echarts } = await loadChartLibraries('streamlake demo --report')
 * ```
 */
export function loadChartLibraries(feature: string): Promise<ChartLibraries> {
  loaded ??= Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(
    ([echarts, resvg]) => ({ echarts, resvg }),
  )
  return loaded.catch((error: unknown) => {
    loaded = undefined
    throw missing(feature, error)
  })
}

function missing(feature: string, error: unknown): EngineError {
  const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  return new EngineError(
    'SL_MONITOR_REPORT_DEPENDENCY_MISSING',
    {
      feature,
      packages: Object.keys(PACKAGES).join(' and '),
      reason,
      install: Object.entries(PACKAGES)
        .map(([name, version]) => `${name}@${version}`)
        .join(' '),
    },
    { cause: error },
  )
}
