/**
 * Which `Host` header values the dashboard answers to. A web page on another site can reach a
 * server on loopback through DNS rebinding (its own name, re-resolved to 127.0.0.1): the browser
 * then sends that site's name as the Host, so answering only to names that cannot be rebound
 * (loopback names and addresses, the address the server listens on) keeps such pages from
 * reading the API. Any port is accepted with an allowed name: an SSH tunnel or a proxy changes
 * it, and a rebinding page cannot choose the name.
 */

/** The names a dashboard answers to. @internal */
export interface HostPolicy {
  /** True with `*` in `streamlake.ui.allowedHosts`: the check is off. */
  readonly any: boolean
  /** Lower-case host names and addresses (IPv6 without brackets). */
  readonly names: ReadonlySet<string>
  /** `streamlake.ui.allowedHosts` as given, for messages. */
  readonly configured: readonly string[]
}

const LOOPBACK_NAMES = ['localhost', '::1']
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', ''])

/**
 * The policy of a server bound to `bindHost`. `interfaceAddresses` are the machine's own
 * addresses, allowed when the server listens on all of them (0.0.0.0 or ::). @internal
 */
export function hostPolicy(
  bindHost: string,
  allowedHosts: readonly string[],
  interfaceAddresses: readonly string[] = [],
): HostPolicy {
  const names = new Set(LOOPBACK_NAMES)
  const bound = unbracket(bindHost.toLowerCase())
  if (WILDCARD_ADDRESSES.has(bound)) for (const a of interfaceAddresses) names.add(unbracket(a))
  else names.add(bound)
  for (const h of allowedHosts) names.add(unbracket(h.toLowerCase()))
  return { any: allowedHosts.includes('*'), names, configured: allowedHosts }
}

/** The host name of a Host header value (`name`, `name:port`, `[v6]:port`), lower case. */
export function hostnameOf(header: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/.exec(header)
  return m === null ? undefined : unbracket(m[1]!.toLowerCase())
}

/** True for loopback names and addresses (`localhost`, 127.0.0.0/8, `::1`). @internal */
export function isLoopbackHost(name: string): boolean {
  const n = unbracket(name.toLowerCase())
  return LOOPBACK_NAMES.includes(n) || isIpv4Loopback(n) || n === '::ffff:127.0.0.1'
}

/** Whether a request with this Host header may be answered. @internal */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  if (policy.any) return true
  if (header === undefined) return false
  const name = hostnameOf(header)
  if (name === undefined) return false
  return policy.names.has(name) || isLoopbackHost(name)
}

function isIpv4Loopback(name: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

function unbracket(name: string): string {
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name
}
