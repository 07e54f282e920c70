/**
 * The gRPC channel to one Spark Connect server session: every request carries the session id,
 * the user context and our client type; the token and extra headers of the connection string go
 * in gRPC metadata.
 *
 * Transport: `@connectrpc/connect-node`'s gRPC protocol over `node:http2`, with messages from
 * `@bufbuild/protobuf` (code in ./gen). We do not use `@grpc/grpc-js`: it works, but its
 * protobufjs dependency runs an install script in every consumer's `npm install`, and our package
 * promises none.
 */
import { randomUUID } from 'node:crypto'
import { create, type MessageInitShape } from '@bufbuild/protobuf'
import { createClient, type Client, type Interceptor } from '@connectrpc/connect'
import { createGrpcTransport } from '@connectrpc/connect-node'
import type { ConnectionString } from './connection-string.js'
import { connectFailure } from './connect-failure.js'
import {
  AnalyzePlanRequestSchema,
  ConfigRequestSchema,
  ExecutePlanRequestSchema,
  SparkConnectService,
  type AnalyzePlanResponse,
  type ExecutePlanResponse,
  type PlanSchema,
} from './gen/base_pb.js'

/** Spark's default gRPC message limit (`spark.connect.grpc.maxInboundMessageSize`). */
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024
const CLIENT_TYPE = `streamlake node/${process.versions.node}`

/** @internal */
export class SparkConnectClient {
  /** The server-side session this client works in (the connection's session_id, or new). */
  readonly sessionId: string
  private readonly rpc: Client<typeof SparkConnectService>
  private readonly userId: string

  constructor(readonly connection: ConnectionString) {
    this.sessionId = connection.sessionId ?? randomUUID()
    this.userId = connection.userId ?? process.env['USER'] ?? ''
    const auth: Interceptor = (next) => async (req) => {
      if (connection.token !== undefined)
        req.header.set('authorization', `Bearer ${connection.token}`)
      for (const [k, v] of Object.entries(connection.headers)) req.header.set(k, v)
      return next(req)
    }
    const transport = createGrpcTransport({
      baseUrl: connection.baseUrl,
      interceptors: [auth],
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
    })
    this.rpc = createClient(SparkConnectService, transport)
  }

  /** The common fields of every request. */
  private base(): {
    sessionId: string
    userContext: { userId: string }
    clientType: string
  } {
    return {
      sessionId: this.sessionId,
      userContext: { userId: this.userId },
      clientType: this.connection.userAgent ?? CLIENT_TYPE,
    }
  }

  /**
   * Runs a plan (a relation to read, or a command) and returns every response of the stream.
   * `operation` names what the caller was doing, for errors ("count", "start of query x").
   */
  async execute(
    plan: MessageInitShape<typeof PlanSchema>['opType'],
    operation: string,
    signal?: AbortSignal,
  ): Promise<ExecutePlanResponse[]> {
    const out: ExecutePlanResponse[] = []
    for await (const response of this.stream(plan, operation, signal)) out.push(response)
    return out
  }

  /**
   * Runs a plan and yields its responses as they arrive: for commands that answer for a long
   * time (the listener bus's event stream). A failure (also mid-stream) is thrown as the
   * EngineError of connect-failure.ts; aborting `signal` ends the stream quietly.
   */
  async *stream(
    plan: MessageInitShape<typeof PlanSchema>['opType'],
    operation: string,
    signal?: AbortSignal,
  ): AsyncGenerator<ExecutePlanResponse> {
    const request = create(ExecutePlanRequestSchema, {
      ...this.base(),
      operationId: randomUUID(),
      plan: { opType: plan },
    })
    try {
      yield* this.rpc.executePlan(request, signal ? { signal } : {})
    } catch (error) {
      if (signal?.aborted) return
      throw connectFailure(error, this.connection.display, operation)
    }
  }

  /** Asks the server to analyse a plan (`AnalyzePlan`), e.g. for its schema. */
  async analyze(
    analyze: MessageInitShape<typeof AnalyzePlanRequestSchema>['analyze'],
    operation: string,
  ): Promise<AnalyzePlanResponse> {
    const request = create(AnalyzePlanRequestSchema, { ...this.base(), analyze })
    try {
      return await this.rpc.analyzePlan(request)
    } catch (error) {
      throw connectFailure(error, this.connection.display, operation)
    }
  }

  /** Sets session configuration on the server (`spark.conf.set`). */
  async setConf(pairs: Readonly<Record<string, string>>): Promise<void> {
    const request = create(ConfigRequestSchema, {
      ...this.base(),
      operation: {
        opType: {
          case: 'set',
          value: { pairs: Object.entries(pairs).map(([key, value]) => ({ key, value })) },
        },
      },
    })
    try {
      await this.rpc.config(request)
    } catch (error) {
      throw connectFailure(error, this.connection.display, 'configuration of the session')
    }
  }

  /** Removes session settings on the server (`spark.conf.unset`): back to the server's default. */
  async unsetConf(keys: readonly string[]): Promise<void> {
    const request = create(ConfigRequestSchema, {
      ...this.base(),
      operation: { opType: { case: 'unset', value: { keys: [...keys] } } },
    })
    try {
      await this.rpc.config(request)
    } catch (error) {
      throw connectFailure(error, this.connection.display, 'configuration of the session')
    }
  }
}
