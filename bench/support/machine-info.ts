/** The machine and versions a benchmark ran on, for the report. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { REPO_ROOT } from './engine-process.js'

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')
}

export function machineInfo(): Record<string, unknown> {
  const osRelease = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux'
    } catch {
      return process.platform
    }
  })()
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    os: `${osRelease}, kernel ${release()}`,
    loadAverageAtStart: loadAverage(),
  }
}

export function baseVersions(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string }
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    // not a git checkout
  }
  return { streamlake: `${pkg.version} (commit ${commit})`, node: process.version }
}

/** Versions on the Spark side: pins of scripts/spark-pins.env and the Python of the venv. */
export function sparkVersions(python: string): Record<string, unknown> {
  const pins = readFileSync(`${REPO_ROOT}scripts/spark-pins.env`, 'utf8')
  const py = /SPARK_PY_PINS="([^"]+)"/.exec(pins)?.[1] ?? ''
  const pin = (name: string): string => new RegExp(`${name}==([^\\s"]+)`).exec(py)?.[1] ?? '?'
  let pythonVersion = '?'
  try {
    pythonVersion = execFileSync(python, ['--version'], { encoding: 'utf8' })
      .trim()
      .replace('Python ', '')
  } catch {
    // reported as '?'
  }
  return { pyspark: pin('pyspark'), 'delta-spark': pin('delta-spark'), python: pythonVersion }
}

/** The Spark environment of scripts/spark-env.sh (run it when the variables are not set). */
export function sparkEnvironment(): NodeJS.ProcessEnv {
  const have = ['STREAMLAKE_SPARK_PYTHON', 'STREAMLAKE_SPARK_JARS', 'JAVA_HOME']
  if (have.every((k) => process.env[k]))
    return Object.fromEntries(have.map((k) => [k, process.env[k]]))
  const out = execFileSync('bash', [`${REPO_ROOT}scripts/spark-env.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const env: NodeJS.ProcessEnv = {}
  for (const m of out.matchAll(/^export (\w+)='([^']*)'$/gm)) env[m[1]!] = m[2]!
  return env
}
