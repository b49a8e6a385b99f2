/**
 * Which port-forwarding mode an agent speaks, from the version in its handshake, compared as the
 * plugin does (session-manager-plugin src/version/versionvalidator.go: "greater than", part by part,
 * false when the versions have different numbers of parts or a part is not a number;
 * docs/port-forwarding.md §2):
 * - multiplexed (smux) for agents newer than 3.0.196.0, when the session type is LocalPortForwarding;
 * - basic (one connection at a time) otherwise;
 * - smux keepalive off for agents newer than 3.1.1511.0 (the NOPs would defeat the idle timeout).
 * Editor-free.
 */

export const MULTIPLEXING_AFTER_AGENT = '3.0.196.0';
export const KEEPALIVE_DISABLED_AFTER_AGENT = '3.1.1511.0';
export const LOCAL_PORT_FORWARDING = 'LocalPortForwarding';

export type PortForwardMode = 'multiplexed' | 'basic';

export function isAgentVersionGreater(agentVersion: string | undefined, than: string): boolean {
  if (!agentVersion) return false;
  const a = agentVersion.split('.');
  const b = than.split('.');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!/^\d+$/.test(a[i]!) || !/^\d+$/.test(b[i]!)) return false;
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (x !== y) return x > y;
  }
  return false;
}

export function portForwardMode(
  agentVersion: string | undefined,
  sessionType: string | undefined,
): PortForwardMode {
  return sessionType === LOCAL_PORT_FORWARDING &&
    isAgentVersionGreater(agentVersion, MULTIPLEXING_AFTER_AGENT)
    ? 'multiplexed'
    : 'basic';
}

export function smuxKeepAliveWanted(agentVersion: string | undefined): boolean {
  return !isAgentVersionGreater(agentVersion, KEEPALIVE_DISABLED_AFTER_AGENT);
}
