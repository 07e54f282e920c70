/**
 * The dashboard server over real HTTP on loopback, fed by real queries: the JSON API, the Delta
 * table history of a Delta sink, errors as {code, message, domain}, server-sent events, the
 * Prometheus text, and the next-free-port rule.
 */
import { promises as fs } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SparkSession, type StreamingQuery } from '../../../src/index.js'
import type { MonitorServer } from '../../../src/monitor/server/monitor-server.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { tempDir } from '../../support/temp-dir.js'

let spark: SparkSession
let ui: MonitorServer
let deltaQuery: StreamingQuery
let memoryQuery: StreamingQuery
let tablePath: string

const get = async (path: string): Promise<{ status: number; body: unknown; type: string }> => {
  const res = await fetch(ui.url + path)
  const type = res.headers.get('content-type') ?? ''
  return {
    status: res.status,
    type,
    body: type.includes('json') ? await res.json() : await res.text(),
  }
}

/** A raw request: `fetch` neither sends a chosen Host nor keeps a path's bad percent-encoding. */
const raw = (
  path: string,
  headers: Record<string, string> = {},
  base = ui.url,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base)
    const req = request({ host: hostname, port, path, headers }, (res) => {
      if (res.headers['content-type']?.includes('text/event-stream')) {
        // An event stream does not end: its status is the answer.
        resolve({ status: res.statusCode ?? 0, body: '', headers: res.headers })
        req.destroy()
        return
      }
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })

beforeAll(async () => {
  const dir = await tempDir()
  spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  spark.conf.set('spark.ui.port', '0')
  ui = await spark.startUi()
  const input = new MemoryStream(spark, 'id INT, ts TIMESTAMP')
  tablePath = join(dir, 'table')
  deltaQuery = await input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .writeStream.format('delta')
    .queryName('to_delta')
    .option('checkpointLocation', join(dir, 'cp-delta'))
    .start(tablePath)
  const other = new MemoryStream(spark, 'x INT')
  memoryQuery = await other.toDF().writeStream.format('memory').queryName('to_memory').start()
  input.addData({ id: 1, ts: '2026-01-01T00:00:10Z' }, { id: 2, ts: '2026-01-01T00:00:20Z' })
  await deltaQuery.processAllAvailable()
  input.addData({ id: 3, ts: '2026-01-01T00:00:30Z' })
  await deltaQuery.processAllAvailable()
  other.addData({ x: 1 })
  await memoryQuery.processAllAvailable()
  await memoryQuery.stop()
})

afterAll(async () => {
  await spark.stop()
})

describe('monitor server', () => {
  it('listens on loopback and is the same server on a second startUi()', async () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await spark.startUi()).toBe(ui)
    expect(spark.uiWebUrl).toBe(ui.url)
  })

  it('GET /api/queries lists each query with id, name, status and lastProgress', async () => {
    const { status, body } = await get('/api/queries')
    expect(status).toBe(200)
    const list = body as Record<string, unknown>[]
    const byName = new Map(list.map((q) => [q['name'], q]))
    expect(byName.get('to_delta')).toMatchObject({
      id: deltaQuery.id,
      runId: deltaQuery.runId,
      status: 'active',
      deltaTablePath: tablePath,
      lastProgress: { batchId: 1, numInputRows: 1 },
      queryStatus: { isTriggerActive: expect.any(Boolean) as unknown },
    })
    expect(byName.get('to_memory')).toMatchObject({
      id: memoryQuery.id,
      status: 'terminated',
      lastProgress: { numInputRows: 1, sink: { description: 'MemorySink[to_memory]' } },
      queryStatus: null,
    })
  })

  it('GET /api/queries/:id/progress returns the executed batches in order', async () => {
    const { body } = await get(`/api/queries/${deltaQuery.id}/progress`)
    const history = body as { batchId: number; numInputRows: number; eventTime: object }[]
    expect(history.map((p) => [p.batchId, p.numInputRows])).toEqual([
      [0, 2],
      [1, 1],
    ])
    expect(history[1]!.eventTime).toMatchObject({
      max: '2026-01-01T00:00:30.000Z',
      watermark: '2026-01-01T00:00:10.000Z',
    })
    const last = (await get(`/api/queries/${deltaQuery.id}/progress?limit=1`)).body as unknown[]
    expect(last).toEqual([history[1]])
  })

  it('GET /api/queries/:id/table-history returns the Delta versions of the sink, newest first', async () => {
    const { status, body } = await get(`/api/queries/${deltaQuery.id}/table-history`)
    expect(status).toBe(200)
    const { path, versions } = body as {
      path: string
      versions: { version: number; operation: string; txn?: { appId: string; version: number } }[]
    }
    expect(path).toBe(tablePath)
    expect(versions.map((v) => v.version)).toEqual([1, 0])
    expect(versions.every((v) => v.operation === 'STREAMING UPDATE')).toBe(true)
    expect(versions.map((v) => v.txn)).toEqual([
      { appId: deltaQuery.id, version: 1 },
      { appId: deltaQuery.id, version: 0 },
    ])
  })

  it('answers errors as JSON {code, message, domain} with a 4xx status', async () => {
    const missing = await get('/api/queries/no-such-id')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ code: 'SL_MONITOR_QUERY_NOT_FOUND', domain: 'user' })
    expect((missing.body as { message: string }).message).toContain('no-such-id')
    const notDelta = await get(`/api/queries/${memoryQuery.id}/table-history`)
    expect(notDelta.status).toBe(404)
    expect(notDelta.body).toMatchObject({ code: 'SL_MONITOR_NO_DELTA_SINK', domain: 'user' })
    expect(Object.keys(notDelta.body as object).sort()).toEqual(['code', 'domain', 'message'])
    const route = await get('/api/nothing-here')
    expect(route.status).toBe(404)
    expect(route.body).toMatchObject({ code: 'SL_MONITOR_NOT_FOUND' })
  })

  it.each(['/%', '/%E0%A4%A', '/assets/%ff.js', '/api/queries?limit=%zz'])(
    'answers a bad percent-encoding (%s) with 400 JSON and prints no stack trace (#14)',
    async (path) => {
      const warn = vi.spyOn(process, 'emitWarning')
      try {
        for (let i = 0; i < 3; i++) {
          const res = await raw(path)
          expect(res.status).toBe(400)
          expect(JSON.parse(res.body)).toMatchObject({
            code: 'SL_MONITOR_BAD_REQUEST',
            domain: 'user',
          })
        }
        expect(warn).not.toHaveBeenCalled()
      } finally {
        warn.mockRestore()
      }
    },
  )

  it.each(['localhost', `localhost:1`, '127.0.0.1', '127.0.0.2:4040', '[::1]:4040', 'LOCALHOST'])(
    'answers a loopback Host header (%s)',
    async (host) => {
      expect((await raw('/api/queries', { host })).status).toBe(200)
    },
  )

  it.each(['evil.example', 'evil.example:4040', '192.0.2.1', 'localhost.evil.example'])(
    'refuses Host %s with 403 JSON: a DNS-rebinding page cannot read the API (#14)',
    async (host) => {
      const res = await raw('/api/queries', { host })
      expect(res.status).toBe(403)
      const body = JSON.parse(res.body) as { code: string; message: string }
      expect(body.code).toBe('SL_MONITOR_HOST_NOT_ALLOWED')
      expect(body.message).toContain('streamlake.ui.allowedHosts')
      expect((await raw('/', { host })).status).toBe(403)
      expect((await raw('/metrics', { host })).status).toBe(403)
    },
  )

  it('GET /metrics is Prometheus text with per-query labels and the progress values', async () => {
    const { status, type, body } = await get('/metrics')
    expect(status).toBe(200)
    expect(type).toContain('text/plain')
    const text = body as string
    const q = `query_id="${deltaQuery.id}",query_name="to_delta"`
    expect(text).toContain(`streamlake_query_input_rows_total{${q}} 3`)
    expect(text).toContain(`streamlake_query_batches_total{${q}} 2`)
    expect(text).toContain(`streamlake_query_last_batch_id{${q}} 1`)
    expect(text).toContain(`streamlake_query_active{${q}} 1`)
    expect(text).toContain(
      `streamlake_query_watermark_seconds{${q}} ${Date.parse('2026-01-01T00:00:10Z') / 1000}`,
    )
    expect(text).toContain(`streamlake_query_watermark_lag_seconds{${q}} 20`)
    expect(text).toMatch(new RegExp(`streamlake_query_batch_duration_seconds_count\\{${q}\\} 2`))
    expect(text).toContain(`streamlake_query_phase_duration_seconds{${q},phase="addBatch"}`)
    expect(text).toContain(
      `streamlake_query_active{query_id="${memoryQuery.id}",query_name="to_memory"} 0`,
    )
    expect(text).toContain('# TYPE streamlake_state_rows gauge')
  })

  it('streams progress over server-sent events', async () => {
    const controller = new AbortController()
    const res = await fetch(`${ui.url}/api/events`, { signal: controller.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    const read = async (until: string): Promise<void> => {
      while (!text.includes(until)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${until}`)
        text += decoder.decode(value)
      }
    }
    await read('event: hello')
    const input = new MemoryStream(spark, 'x INT')
    const q = await input.toDF().writeStream.format('memory').queryName('sse_q').start()
    input.addData({ x: 1 })
    await q.processAllAvailable()
    await q.stop()
    await read('event: query:terminated')
    controller.abort()
    const events = [...text.matchAll(/event: (\S+)\ndata: (.*)\n/g)].map((m) => [
      m[1],
      JSON.parse(m[2]!) as Record<string, unknown>,
    ])
    const mine = events.filter(([, d]) => JSON.stringify(d).includes(q.id))
    expect(mine.map(([e]) => e)).toEqual(['query:started', 'query:progress', 'query:terminated'])
    expect(mine[1]![1]).toMatchObject({ progress: { id: q.id, batchId: 0, numInputRows: 1 } })
  })

  it('takes the next free port when the asked one is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const taken = (blocker.address() as { port: number }).port
    const other = SparkSession.builder().getOrCreate().newSession()
    other.conf.set('spark.ui.port', String(taken))
    try {
      const server = await other.startUi()
      expect(server.port).toBeGreaterThan(taken)
      expect(server.port).toBeLessThan(taken + 16)
      expect((await fetch(`${server.url}/api/queries`)).status).toBe(200)
    } finally {
      await other.stop()
      blocker.close()
    }
  })
})

describe('monitor server with streamlake.ui.allowedHosts and streamlake.ui.token', () => {
  const TOKEN = 'a'.repeat(8) + '0123456789abcdef'

  async function serve(conf: Record<string, string>): Promise<[SparkSession, MonitorServer]> {
    const session = SparkSession.builder().getOrCreate().newSession()
    session.conf.set('spark.ui.port', '0')
    for (const [k, v] of Object.entries(conf)) session.conf.set(k, v)
    return [session, await session.startUi()]
  }

  it('answers the host names listed in streamlake.ui.allowedHosts, or any with *', async () => {
    const [session, server] = await serve({
      'streamlake.ui.allowedHosts': 'dash.internal, 192.0.2.7',
    })
    try {
      const at = (host: string): Promise<number> =>
        raw('/api/queries', { host }, server.url).then((r) => r.status)
      expect(await at('dash.internal:4040')).toBe(200)
      expect(await at('192.0.2.7')).toBe(200)
      expect(await at('localhost')).toBe(200)
      expect(await at('evil.example')).toBe(403)
    } finally {
      await session.stop()
    }
    const [any, anyServer] = await serve({ 'streamlake.ui.allowedHosts': '*' })
    try {
      expect((await raw('/api/queries', { host: 'evil.example' }, anyServer.url)).status).toBe(200)
    } finally {
      await any.stop()
    }
  })

  it('requires the token as a bearer header, ?token= (then a cookie) or the cookie', async () => {
    const [session, server] = await serve({ 'streamlake.ui.token': TOKEN })
    try {
      const api = (headers: Record<string, string> = {}, path = '/api/queries') =>
        raw(path, headers, server.url)
      const none = await api()
      expect(none.status).toBe(401)
      expect(none.headers['www-authenticate']).toBe('Bearer realm="streamlake"')
      expect(JSON.parse(none.body)).toMatchObject({ code: 'SL_MONITOR_UNAUTHORIZED' })
      expect(none.body).not.toContain(TOKEN)
      expect((await api({ authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401)
      expect((await api({ authorization: `Bearer ${TOKEN}` })).status).toBe(200)
      expect((await api({}, `/metrics`)).status).toBe(401)
      expect((await api({ authorization: `Bearer ${TOKEN}` }, '/metrics')).status).toBe(200)

      // Opening the page with ?token= sets the cookie and drops the token from the address.
      const page = await api({}, `/?token=${TOKEN}&x=1`)
      expect(page.status).toBe(303)
      expect(page.headers['location']).toBe('/?x=1')
      const cookie = String(page.headers['set-cookie'])
      expect(cookie).toMatch(/^streamlake_ui_token_\d+=.*; Path=\/; HttpOnly; SameSite=Lax$/)
      const pair = cookie.split(';')[0]!
      expect((await api({ cookie: pair })).status).toBe(200)
      expect((await api({ cookie: pair }, '/api/events?x')).status).toBe(200)
      expect((await api({ cookie: 'streamlake_ui_token_1=' + TOKEN })).status).toBe(401)
      expect((await api({}, `/api/queries?token=${TOKEN}`)).status).toBe(200)
    } finally {
      await session.stop()
    }
  })

  it.each([
    ['streamlake.ui.token', 'short', /Option streamlake.ui.token must be at least 16 characters/],
    ['streamlake.ui.allowedHosts', 'a.example:80', /must be a comma-separated list of host names/],
  ])('rejects %s=%s with SL_API_INVALID_OPTION', async (key, value, message) => {
    const session = SparkSession.builder().getOrCreate().newSession()
    session.conf.set(key, value)
    await expect(session.startUi()).rejects.toThrow(message)
    await expect(session.startUi()).rejects.not.toThrow(/short/)
  })
})

describe('monitor server after a restart with a progress log', () => {
  it.each([
    ['<checkpoint>/progress.jsonl', false],
    ['streamlake.progressLog.dir', true],
  ])(
    'the progress history holds the earlier run from %s plus the new batches, once each',
    async (_where, customDir) => {
      const dir = await tempDir()
      const input = join(dir, 'in')
      await fs.mkdir(input)
      const addFile = async (i: number, rows: number): Promise<void> => {
        const file = join(input, `part-${i}.json`)
        const lines = Array.from({ length: rows }, (_, x) => JSON.stringify({ x }))
        await fs.writeFile(file, lines.join('\n') + '\n')
        await fs.utimes(file, 1_700_000_000 + i, 1_700_000_000 + i)
      }
      const run = async (): Promise<{ id: string; runId: string; history: unknown[] }> => {
        const session = SparkSession.builder().getOrCreate().newSession()
        session.conf.set('spark.ui.port', '0')
        session.conf.set('streamlake.progressLog.enabled', 'true')
        if (customDir) session.conf.set('streamlake.progressLog.dir', join(dir, 'logs'))
        const server = await session.startUi()
        try {
          const q = await session.readStream
            .format('json')
            .schema('x INT')
            .option('maxFilesPerTrigger', 1)
            .load(input)
            .writeStream.format('memory')
            .queryName('history_restart')
            .option('checkpointLocation', join(dir, 'cp'))
            .trigger({ availableNow: true })
            .start()
          await q.awaitTermination()
          const res = await fetch(`${server.url}/api/queries/${q.id}/progress`)
          return { id: q.id, runId: q.runId, history: (await res.json()) as unknown[] }
        } finally {
          await session.stop()
        }
      }
      await addFile(0, 1)
      await addFile(1, 2)
      const first = await run()
      await addFile(2, 3)
      const second = await run()
      expect(second.id).toBe(first.id)
      const rows = (h: unknown[]): [string, number, number][] =>
        (h as { runId: string; batchId: number; numInputRows: number }[]).map((p) => [
          p.runId,
          p.batchId,
          p.numInputRows,
        ])
      expect(rows(first.history)).toEqual([
        [first.runId, 0, 1],
        [first.runId, 1, 2],
      ])
      expect(rows(second.history)).toEqual([
        [first.runId, 0, 1],
        [first.runId, 1, 2],
        [second.runId, 2, 3],
      ])
      expect(second.history.slice(0, 2)).toEqual(first.history)
    },
  )
})
