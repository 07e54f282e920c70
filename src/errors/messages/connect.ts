import { defineMessages } from './catalogue-entry.js'

export const CONNECT_MESSAGES = defineMessages({
  SL_CONNECT_AUTHENTICATION_FAILED: {
    domain: 'user',
    retryable: false,
    template:
      'The Spark Connect server <url> refused the request (<reason>). Check the token= of the connection string (or SPARK_CONNECT_AUTHENTICATE_TOKEN) and the user_id.',
  },
  SL_CONNECT_DELTA_UNSUPPORTED: {
    domain: 'user',
    retryable: false,
    template:
      '<method> cannot run on Spark Connect as written: <problem>. <hint> (On a remote session Delta table operations run on the server as Delta SQL.)',
  },
  SL_CONNECT_QUERY_FAILED: {
    domain: 'user',
    retryable: false,
    template:
      'The streaming query <query> failed on Spark (Connect server <url>): <message>. <hint> Fix the cause and start the query again with the same checkpointLocation: it resumes after its last committed batch.',
  },
  SL_CONNECT_QUERY_LOST: {
    domain: 'external',
    retryable: true,
    template:
      'Lost the Spark Connect server <url> while the streaming query <query> was running (<reason>). The query runs inside the server: when the server is back (scripts/spark-connect-server.sh start for a local one), find it in spark.streams.active after spark.streams.refresh(), or start it again with the same checkpointLocation — it resumes after its last committed batch, writing each row once.',
  },
  SL_CONNECT_QUERY_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'The Spark Connect server <url> has no streaming query <queryId> (it ended, the server restarted, or it belongs to another session). Find running queries in spark.streams.active.',
  },
  SL_CONNECT_SPARK_ERROR: {
    domain: 'user',
    retryable: false,
    template: 'Spark (Connect server <url>) failed the <operation>: <message>. <hint>',
  },
  SL_CONNECT_UNAVAILABLE: {
    domain: 'external',
    retryable: true,
    template:
      'The Spark Connect server <url> is not reachable (<reason>). Start it (scripts/spark-connect-server.sh start runs a local one) or fix the host and port of the connection string, then retry.',
  },
  SL_CONNECT_UNSUPPORTED: {
    domain: 'user',
    retryable: false,
    template: '<feature> is not supported on Spark Connect yet. <hint>',
  },
})
