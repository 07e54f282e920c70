import { defineMessages } from './catalogue-entry.js'

export const CONNECT_MESSAGES = defineMessages({
  SL_CONNECT_AUTHENTICATION_FAILED: {
    domain: 'user',
    retryable: false,
    template:
      'The Spark Connect server <url> refused the request (<reason>). Check the token= of the connection string (or SPARK_CONNECT_AUTHENTICATE_TOKEN) and the user_id.',
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
