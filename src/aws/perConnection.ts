/**
 * One value per connection (a gateway, a cache): built on first use and built again when the
 * connection hands out a new client factory (after a profile or region switch). Editor-free.
 */
import type { AwsClientFactory } from './clientFactory';
import type { ConnectionSource } from './connection';

export function perConnection<T>(
  connections: ConnectionSource,
  build: (clients: AwsClientFactory) => T,
): () => T {
  let cached: { key: AwsClientFactory; value: T } | undefined;
  return () => {
    const clients = connections.clients();
    if (cached?.key !== clients) cached = { key: clients, value: build(clients) };
    return cached.value;
  };
}
