import { defineMessages } from './catalogue-entry.js'

export const MONITOR_MESSAGES = defineMessages({
  SL_MONITOR_BAD_REQUEST: {
    domain: 'user',
    retryable: false,
    template:
      'The request <what> <value> is not valid percent-encoding (a % must be followed by two hex digits of UTF-8). Encode the literal % as %25.',
  },
  SL_MONITOR_DASHBOARD_NOT_BUILT: {
    domain: 'internal',
    retryable: false,
    template:
      'The dashboard page is missing at <path>: the package was not built. Run npm run build (it builds the dashboard too), then reload.',
  },
  SL_MONITOR_HOST_NOT_ALLOWED: {
    domain: 'user',
    retryable: false,
    template:
      'The dashboard does not answer to the host name <host>: it answers only to loopback names (localhost, 127.0.0.1, [::1]), the addresses it listens on and the names in streamlake.ui.allowedHosts (<allowed>), so that a web page cannot read it through DNS rebinding. To reach it under this name, add the name to streamlake.ui.allowedHosts (comma-separated, * for any).',
  },
  SL_MONITOR_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Nothing is served at <path>. The API lives under /api/queries, /api/events and /metrics.',
  },
  SL_MONITOR_NO_DELTA_SINK: {
    domain: 'user',
    retryable: false,
    template:
      'Query <query> writes to <sink>, not to a Delta table, so it has no table history. Table history is available for queries with format("delta").',
  },
  SL_MONITOR_PORT_UNAVAILABLE: {
    domain: 'external',
    retryable: true,
    template:
      'No free port for the dashboard on <host> between <first> and <last> (<reason>). Free a port or choose another with spark.ui.port (streamlake demo --port N).',
  },
  SL_MONITOR_PROGRESS_LOG_CORRUPT: {
    domain: 'user',
    retryable: false,
    template:
      'Line <line> of the progress log <path> is not a JSON progress object. The file was edited or mixed with other output; remove the bad line or start a new log.',
  },
  SL_MONITOR_QUERY_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'No query with id <id> has run in this session. GET /api/queries lists the known queries and their ids.',
  },
  SL_MONITOR_REPORT_DEPENDENCY_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      '<feature> draws its charts with the optional packages <packages>, which are not installed (<reason>). Run npm install <install> in your project, then run it again; nothing else needs them.',
  },
  SL_MONITOR_UNAUTHORIZED: {
    domain: 'user',
    retryable: false,
    template:
      'This dashboard requires its token (streamlake.ui.token): <problem>. Open the page once with ?token= and the token appended to its address (a cookie then keeps it for the page and its API calls), or send the header Authorization: Bearer followed by the token.',
  },
})
