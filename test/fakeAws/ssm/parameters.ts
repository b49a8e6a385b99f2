/**
 * SSM Parameter Store for the fake account: String, StringList and SecureString parameters with
 * versions, read by GetParameter and GetParameters as the service answers them: at most 10 names a
 * call (ValidationException beyond), unknown names in InvalidParameters (GetParameter:
 * ParameterNotFound), `name:version` selectors, a SecureString's value encrypted unless
 * WithDecryption. Names or ARNs are accepted. Built from the SSM API reference.
 */
import { systemClock, type Clock } from '../clock';
import { AwsError } from '../errors';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

interface ParameterVersion {
  readonly value: string;
  readonly version: number;
  readonly lastModified: Date;
}

export interface ParameterRecord {
  readonly name: string;
  readonly type: ParameterType;
  readonly versions: ParameterVersion[];
}

export const GET_PARAMETERS_MAX = 10;

export class FakeSsmParameters {
  readonly parameters = new Map<string, ParameterRecord>();
  /** Names asked per GetParameters call, for tests of the batching. */
  readonly getParametersCalls: string[][] = [];

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly clock: Clock = systemClock,
  ) {}

  reset(): void {
    this.parameters.clear();
    this.getParametersCalls.length = 0;
  }

  /** PutParameter (with Overwrite): a new version each time. */
  putParameter(name: string, value: string, type: ParameterType = 'String'): ParameterRecord {
    const existing = this.parameters.get(name);
    const record = existing ?? { name, type, versions: [] };
    record.versions.push({
      value,
      version: record.versions.length + 1,
      lastModified: new Date(this.clock.now()),
    });
    this.parameters.set(name, record);
    return record;
  }

  arnOf(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  private lookup(requested: string, decrypt: boolean): unknown {
    const [base = '', selector] = splitSelector(requested);
    const record = [...this.parameters.values()].find((p) => p.name === base || this.arnOf(p.name) === base);
    if (!record) return undefined;
    const version =
      selector === undefined
        ? record.versions[record.versions.length - 1]
        : record.versions.find((v) => String(v.version) === selector);
    if (!version) return undefined;
    const value =
      record.type === 'SecureString' && !decrypt
        ? Buffer.from(`kms:alias/aws/ssm:${version.value}`).toString('base64')
        : version.value;
    return {
      Name: base,
      Type: record.type,
      Value: value,
      Version: version.version,
      ...(selector !== undefined ? { Selector: `:${selector}` } : {}),
      LastModifiedDate: version.lastModified,
      ARN: this.arnOf(record.name),
      DataType: 'text',
    };
  }

  getParameters(input: { Names?: string[]; WithDecryption?: boolean }): unknown {
    const names = input.Names ?? [];
    if (names.length === 0 || names.length > GET_PARAMETERS_MAX) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: ` +
          `Member must have length ${names.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
      );
    }
    this.getParametersCalls.push([...names]);
    const parameters: unknown[] = [];
    const invalid: string[] = [];
    for (const name of new Set(names)) {
      const found = this.lookup(name, input.WithDecryption === true);
      if (found) parameters.push(found);
      else invalid.push(name);
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  }

  getParameter(input: { Name?: string; WithDecryption?: boolean }): unknown {
    const found = input.Name ? this.lookup(input.Name, input.WithDecryption === true) : undefined;
    if (!found) throw new AwsError('ParameterNotFound', '');
    return { Parameter: found };
  }
}

function splitSelector(name: string): [string, string | undefined] {
  const colon = name.startsWith('arn:')
    ? name.indexOf(':', name.indexOf(':parameter') + 1)
    : name.indexOf(':');
  return colon < 0 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** The Parameter Store operations, for the SSM module's operation table. */
export function parameterStoreHandlers(
  parameters: FakeSsmParameters,
): Record<string, (input: unknown) => unknown> {
  return {
    GetParameters: (input) =>
      parameters.getParameters(input as { Names?: string[]; WithDecryption?: boolean }),
    GetParameter: (input) => parameters.getParameter(input as { Name?: string; WithDecryption?: boolean }),
  };
}
