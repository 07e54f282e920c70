/**
 * The session's monitoring settings: `streamlake.ui.enabled` starts the dashboard in
 * getOrCreate(), `spark.ui.port` / `streamlake.ui.host` place it, bad values are option errors
 * naming the key, and `stop()` closes the server.
 */
import { describe, expect, it } from 'vitest'
import { EngineError, RuntimeConfig, SparkSession } from '../../src/index.js'
import { uiSettings } from '../../src/api/ui-settings.js'

describe('ui settings', () => {
  it('default to no dashboard, port 4040 on loopback, 10 s idle interval, no progress log', () => {
    expect(uiSettings(new RuntimeConfig())).toEqual({
      enabled: false,
      port: 4040,
      host: '127.0.0.1',
      allowedHosts: [],
      token: undefined,
      noDataProgressEventIntervalMs: 10_000,
      progressLog: undefined,
    })
  })

  it("read Spark's time syntax and the progress log folder", () => {
    const conf = new RuntimeConfig({
      'spark.sql.streaming.noDataProgressEventInterval': '2s',
      'streamlake.progressLog.dir': '/logs',
    })
    expect(uiSettings(conf)).toMatchObject({
      noDataProgressEventIntervalMs: 2000,
      progressLog: { dir: '/logs', retention: { maxBytes: 10 * 1024 * 1024, maxFiles: 5 } },
    })
    conf.set('streamlake.progressLog.maxBytes', '512k')
    conf.set('streamlake.progressLog.maxFiles', '3')
    expect(uiSettings(conf).progressLog?.retention).toEqual({ maxBytes: 524_288, maxFiles: 3 })
    conf.set('spark.sql.streaming.noDataProgressEventInterval', '250')
    expect(uiSettings(conf).noDataProgressEventIntervalMs).toBe(250)
  })

  it.each([
    ['spark.ui.port', '70000'],
    ['spark.ui.port', 'http'],
    ['streamlake.ui.enabled', 'yes'],
    ['spark.sql.streaming.noDataProgressEventInterval', 'soon'],
    ['streamlake.ui.token', 'too-short'],
    ['streamlake.ui.allowedHosts', 'host:80'],
  ])('rejects %s = %s with an option error naming the key', (key, value) => {
    const conf = new RuntimeConfig({ [key]: value })
    expect(() => uiSettings(conf)).toThrow(EngineError)
    try {
      uiSettings(conf)
    } catch (e) {
      expect(e).toMatchObject({ code: 'SL_API_INVALID_OPTION', option: key })
      expect((e as Error).message).toContain(key)
    }
  })

  it('starts the dashboard in getOrCreate() with streamlake.ui.enabled and closes it on stop()', async () => {
    const spark = SparkSession.builder()
      .config('streamlake.ui.enabled', true)
      .config('spark.ui.port', 0)
      .getOrCreate()
    const ui = await spark.startUi()
    expect(spark.uiWebUrl).toBe(ui.url)
    const res = await fetch(`${ui.url}/api/queries`)
    expect(await res.json()).toEqual([])
    await spark.stop()
    expect(spark.uiWebUrl).toBeUndefined()
    await expect(fetch(`${ui.url}/api/queries`)).rejects.toThrow()
  })
})
