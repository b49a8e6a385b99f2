/**
 * The fake EC2's admin routes under /__fake/ec2/ (for the host tests and the demo, which run the
 * fake in another process):
 *   GET  /__fake/ec2/network                                  → {vpcs, subnets, securityGroups}
 *   POST /__fake/ec2/deleteDefaultVpc                         → the account has no default VPC
 *   POST /__fake/ec2/vpcs {cidrBlock?, isDefault?}            → the new VPC (with its default group)
 *   POST /__fake/ec2/subnets {vpcId, public?, zone?, cidrBlock?} → the new subnet
 *   POST /__fake/ec2/securityGroups {vpcId, groupName, description?} → the new group
 */
import type { HttpReply } from '../services';
import type { FakeEc2 } from './fakeEc2';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
};

function optional<T>(value: unknown, name: string, type: 'string' | 'boolean'): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new Error(`${name} must be a ${type}`);
  return value as T;
}

/** Answers a /__fake/ec2/ route, or undefined when the path is not one. */
export function handleEc2Admin(
  ec2: FakeEc2,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__fake/ec2/network':
        return json(200, {
          vpcs: [...ec2.vpcs.values()],
          subnets: [...ec2.subnets.values()],
          securityGroups: [...ec2.securityGroups.values()],
        });
      case 'POST /__fake/ec2/deleteDefaultVpc':
        ec2.deleteDefaultVpc();
        return json(200, { ok: true });
      case 'POST /__fake/ec2/vpcs': {
        const cidrBlock = optional<string>(body['cidrBlock'], 'cidrBlock', 'string');
        const isDefault = optional<boolean>(body['isDefault'], 'isDefault', 'boolean');
        return json(
          200,
          ec2.addVpc({ ...(cidrBlock ? { cidrBlock } : {}), ...(isDefault ? { isDefault } : {}) }),
        );
      }
      case 'POST /__fake/ec2/subnets': {
        const isPublic = optional<boolean>(body['public'], 'public', 'boolean');
        const zone = optional<string>(body['zone'], 'zone', 'string');
        const cidrBlock = optional<string>(body['cidrBlock'], 'cidrBlock', 'string');
        return json(
          200,
          ec2.addSubnet(text(body['vpcId'], 'vpcId'), {
            ...(isPublic !== undefined ? { public: isPublic } : {}),
            ...(zone ? { zone } : {}),
            ...(cidrBlock ? { cidrBlock } : {}),
          }),
        );
      }
      case 'POST /__fake/ec2/securityGroups': {
        const description = optional<string>(body['description'], 'description', 'string');
        return json(
          200,
          ec2.addSecurityGroup(text(body['vpcId'], 'vpcId'), text(body['groupName'], 'groupName'), {
            ...(description ? { description } : {}),
          }),
        );
      }
      default:
        return undefined;
    }
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
