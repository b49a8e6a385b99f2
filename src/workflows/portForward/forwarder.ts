/** The two ways of forwarding connections over one session (muxForwarder.ts, basicForwarder.ts). Editor-free. */
import type { PortForwardMode } from './agentVersion';

export interface ForwarderEvents {
  /** Local connections being forwarded now. */
  connectionsChanged(open: number): void;
  /** Basic mode: connections waiting for the one being forwarded to close. */
  waiting(count: number): void;
  /** The agent could not connect to the destination port (Flag ConnectToPortError). */
  connectError(): void;
  /** The forwarding broke (a protocol error, the agent's keepalive stopped). */
  failed(error: Error): void;
}

export interface Forwarder {
  readonly mode: PortForwardMode;
  readonly connections: number;
  /** Stops forwarding and closes every local connection (the listener is the caller's). */
  close(): void;
}
