/** Task definition families and revisions: register, resolve, deregister, list. */
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { taskDefinitionArn, taskDefinitionRef, type ArnScope } from './arns';
import { clientError, invalidParameter } from './errors';
import type { TaskDefinitionRecord } from './types';

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;
/** The `Tags` list's length constraint in the ECS model. */
const MAX_TAGS = 50;
const VCPU = /^(\d+(?:\.\d+)?|\.\d+) ?vcpu$/i;
const GB = /^(\d+(?:\.\d+)?|\.\d+) ?gb$/i;

/** "1 vCPU"/"2 GB" → "1024"/"2048"; anything else unchanged. */
function inUnits(value: string, unit: RegExp): string {
  const match = unit.exec(value.trim());
  return match?.[1] === undefined ? value : String(Math.round(Number(match[1]) * 1024));
}

export class TaskDefinitionStore {
  private readonly families = new Map<string, TaskDefinitionRecord[]>();

  constructor(private readonly scope: ArnScope) {}

  clear(): void {
    this.families.clear();
  }

  /** Keeps `input` (not a copy): callers hand over a fresh object. */
  register(input: RegisterTaskDefinitionRequest, at: number): TaskDefinitionRecord {
    const family = input.family ?? '';
    if (!FAMILY.test(family)) {
      throw clientError('Family contains invalid characters or is longer than 255 characters.');
    }
    if (!input.containerDefinitions || input.containerDefinitions.length === 0) {
      throw clientError('Container list cannot be empty.');
    }
    if (input.requiresCompatibilities?.includes('FARGATE')) {
      if (input.networkMode !== 'awsvpc') {
        throw clientError('Fargate only supports network mode ‘awsvpc’.');
      }
      if (!input.cpu || !input.memory) {
        throw clientError('Fargate requires task definition to have cpu and memory values set.');
      }
    }
    const revisions = this.families.get(family) ?? [];
    const revision = revisions.length + 1;
    if ((input.tags?.length ?? 0) > MAX_TAGS) {
      throw invalidParameter(`Too many tags: a resource takes at most ${MAX_TAGS}.`);
    }
    const { tags, ...definition } = input;
    // ECS stores task cpu in CPU units and memory in MiB ("1 vCPU" → "1024", "2 GB" → "2048").
    if (definition.cpu !== undefined) definition.cpu = inUnits(definition.cpu, VCPU);
    if (definition.memory !== undefined) definition.memory = inUnits(definition.memory, GB);
    const record: TaskDefinitionRecord = {
      arn: taskDefinitionArn(this.scope, family, revision),
      family,
      revision,
      status: 'ACTIVE',
      registeredAt: at,
      input: definition,
      tags: [...(tags ?? [])],
    };
    revisions.push(record);
    this.families.set(family, revisions);
    return record;
  }

  /** 'family' (latest ACTIVE revision), 'family:rev' or an ARN; undefined when unknown. */
  resolve(ref: string | undefined): TaskDefinitionRecord | undefined {
    if (!ref) return undefined;
    const parsed = taskDefinitionRef(ref);
    if (!parsed) return undefined;
    const revisions = this.families.get(parsed.family) ?? [];
    if (parsed.revision !== undefined) return revisions[parsed.revision - 1];
    return revisions.filter((r) => r.status === 'ACTIVE').at(-1);
  }

  latest(family: string): TaskDefinitionRecord | undefined {
    return this.families.get(family)?.at(-1);
  }

  deregister(ref: string, at: number): TaskDefinitionRecord {
    const parsed = taskDefinitionRef(ref);
    if (!parsed || parsed.revision === undefined) {
      throw invalidParameter('Invalid revision number. Number: ' + (ref.split(':')[1] ?? ''));
    }
    const record = this.resolve(ref);
    if (!record) throw clientError('The specified task definition does not exist.');
    if (record.status === 'ACTIVE') {
      record.status = 'INACTIVE';
      record.deregisteredAt = at;
    }
    return record;
  }

  /** Every revision, ordered by family then revision. */
  all(): TaskDefinitionRecord[] {
    return [...this.families.keys()].sort().flatMap((family) => this.families.get(family) ?? []);
  }

  familyNames(status: 'ACTIVE' | 'INACTIVE' | 'ALL', prefix?: string): string[] {
    return [...this.families.entries()]
      .filter(([family]) => prefix === undefined || family.startsWith(prefix))
      .filter(([, revs]) => {
        if (status === 'ALL') return true;
        const active = revs.some((r) => r.status === 'ACTIVE');
        return status === 'ACTIVE' ? active : !active;
      })
      .map(([family]) => family)
      .sort();
  }
}
