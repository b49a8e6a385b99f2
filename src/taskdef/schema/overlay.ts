/**
 * What the ECS API model does not say but a task-definition file must respect (docs/aws-facts.md §1, §2):
 * required container fields, name patterns, numeric ranges that only appear in the documentation text,
 * the string forms of task `cpu`/`memory`, list limits, and the output-only fields a
 * `describe-task-definition` paste carries. Applied to the generated schema by `generateSchema.ts`; each
 * entry names the shape and member it patches and fails the build if the SDK no longer has it.
 *
 * Only launch-type-independent facts live here: the schema also serves EC2 task definitions. Fargate's own
 * limits (cpu/memory pairs, stopTimeout ≤ 120 s, unsupported parameters) are the Fargate rules' job.
 */
import type { JsonSchema } from './generateSchema';

interface MemberDocs {
  readonly description?: string;
  readonly markdownDescription?: string;
}

/** Documentation the overlay borrows from SDK shapes that are not part of the request. */
export interface SdkDocs {
  /** Members of `TaskDefinition` (what describe-task-definition returns), by name. */
  readonly describedTaskDefinition: Readonly<Record<string, MemberDocs>>;
}

export const SCHEMA_ID = 'urn:ecs-fargate:schema:task-definition';
const ROOT = 'RegisterTaskDefinitionRequest';
const DESCRIBE_OUTPUT = 'DescribeTaskDefinitionOutput';

/**
 * Members of `TaskDefinition` that `RegisterTaskDefinitionRequest` lacks: ECS fills them in, so a file
 * saved from `describe-task-definition` has them and `register-task-definition` rejects them
 * (docs/aws-facts.md §1). A unit test keeps this list equal to that difference in the installed SDK.
 * The rules module reports them (with a quick fix); the schema allows them so ajv does not report them
 * twice, and VS Code strikes them through (`deprecationMessage`).
 */
export const OUTPUT_ONLY_FIELDS: readonly string[] = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
];

export const OUTPUT_ONLY_MESSAGE =
  'Output-only (returned by describe-task-definition): remove before registering; register-task-definition rejects it.';

/**
 * Task-level `cpu`: CPU units ("256", "1024") or vCPUs ("1 vCPU", "1vcpu", "0.25 vCPU", ".5 vcpu"), the
 * forms the model documentation names. A JSON number is NOT accepted: the model types the member as a
 * String, and the AWS CLI validates parameters against the model before sending (docs/aws-facts.md §2; the
 * CLI's exact reaction is unverified), so a file that works everywhere quotes it. CloudFormation, which
 * takes numbers here, is where the habit comes from. Only the form is checked; the Fargate rules check the
 * cpu/memory pair (and read a number too, so a number gets this one schema error, not a cascade).
 */
export const TASK_CPU_PATTERN = '^(\\d+|(\\d+(\\.\\d+)?|\\.\\d+) ?[vV][cC][pP][uU])$';
/** Task-level `memory`: MiB ("512", "2048") or GB ("2GB", "2 GB", "0.5 GB"); the same reasoning as cpu. */
export const TASK_MEMORY_PATTERN = '^(\\d+|(\\d+(\\.\\d+)?|\\.\\d+) ?[gG][bB])$';

/** Family and container names (model doc of `family` and `ContainerDefinition.name`). */
const NAME_PATTERN = '^[A-Za-z0-9_-]{1,255}$';
/** The characters of the Smithy TagKey/TagValue traits (docs/aws-facts.md §1). */
const TAG_CHARACTERS = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const TAG_VALUE_PATTERN = `^${TAG_CHARACTERS}$`;
/** Keys also may not start with the reserved `aws:` prefix, in any case (model doc of tags). */
const TAG_KEY_PATTERN = `^(?![aA][wW][sS]:)${TAG_CHARACTERS}$`;
const TAG_CHARACTERS_MESSAGE = 'letters, numbers, spaces and `_ . : / = + - @`';

type Patch = readonly [shape: string, member: string, add: JsonSchema, source: string];

/** Constraints merged into generated members. The source column says where each one comes from. */
const PATCHES: readonly Patch[] = [
  [
    ROOT,
    'family',
    { pattern: NAME_PATTERN, patternErrorMessage: nameMessage('family') },
    'model doc of family',
  ],
  [
    ROOT,
    'containerDefinitions',
    { minItems: 1, maxItems: 10 },
    'quota "Containers per task definition" = 10 (docs/aws-facts.md §1)',
  ],
  [ROOT, 'placementConstraints', { maxItems: 10 }, 'model doc: "a maximum of 10 constraints for each task"'],
  [
    ROOT,
    'tags',
    { maxItems: 50 },
    'Smithy Tags length trait and model doc: "Maximum number of tags per resource - 50"',
  ],
  [
    ROOT,
    'cpu',
    {
      pattern: TASK_CPU_PATTERN,
      errorMessage: '`cpu` must be a string such as "256" or "1 vCPU"',
      patternErrorMessage:
        '`cpu` must be CPU units such as "256" or "1024", or vCPUs such as "1 vCPU" or "0.25 vCPU"',
    },
    'model doc of cpu: an integer of CPU units or a string of vCPUs (TASK_CPU_PATTERN)',
  ],
  [
    ROOT,
    'memory',
    {
      pattern: TASK_MEMORY_PATTERN,
      errorMessage: '`memory` must be a string such as "512" or "2 GB"',
      patternErrorMessage: '`memory` must be MiB such as "512" or "2048", or GB such as "2 GB" or "2GB"',
    },
    'model doc of memory: an integer of MiB or a string of GB (TASK_MEMORY_PATTERN)',
  ],
  [
    'ContainerDefinition',
    'name',
    { pattern: NAME_PATTERN, patternErrorMessage: nameMessage('name') },
    'model doc of ContainerDefinition.name',
  ],
  [
    'ContainerDefinition',
    'environmentFiles',
    { maxItems: 10 },
    'model doc: "You can specify up to ten environment files"',
  ],
  [
    'ContainerDefinition',
    'startTimeout',
    { minimum: 0 },
    "a duration in seconds; Fargate's 2–120 s is a Fargate rule (docs/aws-facts.md §1), EC2 documents no maximum",
  ],
  [
    'ContainerDefinition',
    'stopTimeout',
    { minimum: 0 },
    "a duration in seconds; Fargate's maximum of 120 s is a Fargate rule (docs/aws-facts.md §1), EC2 documents no maximum",
  ],
  [
    'HealthCheck',
    'interval',
    { minimum: 5, maximum: 300 },
    'model doc: "between 5 and 300 seconds" (docs/aws-facts.md §1)',
  ],
  [
    'HealthCheck',
    'timeout',
    { minimum: 2, maximum: 60 },
    'model doc: "between 2 and 60 seconds" (docs/aws-facts.md §1)',
  ],
  [
    'HealthCheck',
    'retries',
    { minimum: 1, maximum: 10 },
    'model doc: "between 1 and 10 retries" (docs/aws-facts.md §1)',
  ],
  [
    'HealthCheck',
    'startPeriod',
    { minimum: 0, maximum: 300 },
    'model doc: "between 0 and 300 seconds" (docs/aws-facts.md §1)',
  ],
  [
    'EphemeralStorage',
    'sizeInGiB',
    { minimum: 21, maximum: 200 },
    'model doc: "minimum 21 GiB, maximum 200 GiB"',
  ],
  [
    'PortMapping',
    'containerPort',
    { minimum: 1, maximum: 65535 },
    'model doc of containerPortRange: 1–65535',
  ],
  [
    'PortMapping',
    'hostPort',
    { minimum: 0, maximum: 65535 },
    'model doc: "omit the hostPort (or set it to 0)"',
  ],
  [
    'PortMapping',
    'containerPortRange',
    {
      pattern: '^\\d{1,5}-\\d{1,5}$',
      patternErrorMessage: '`containerPortRange` is two ports joined by a hyphen, such as "8000-8010"',
    },
    'model doc: a port range, valid values between 1 and 65535',
  ],
  [
    'PortMapping',
    'name',
    {
      pattern: '^[a-z0-9_][a-z0-9_-]{0,63}$',
      patternErrorMessage:
        'a port mapping `name` has up to 64 lowercase letters, numbers, underscores and hyphens, and does not start with a hyphen',
    },
    'model doc of PortMapping.name',
  ],
  [
    'ContainerRestartPolicy',
    'ignoredExitCodes',
    { maxItems: 50 },
    'model doc: "a maximum of 50 container exit codes"',
  ],
  [
    'ContainerRestartPolicy',
    'restartAttemptPeriod',
    { minimum: 60, maximum: 1800 },
    'model doc: "minimum ... 60 seconds and a maximum ... 1800 seconds"',
  ],
  [
    'LinuxParameters',
    'swappiness',
    { minimum: 0, maximum: 100 },
    'model doc: "whole numbers between 0 and 100"',
  ],
  ['LinuxParameters', 'maxSwap', { minimum: 0 }, 'model doc: "0 or any positive integer"'],
  [
    'Tag',
    'key',
    {
      minLength: 1,
      maxLength: 128,
      pattern: TAG_KEY_PATTERN,
      patternErrorMessage: `a tag \`key\` may only use ${TAG_CHARACTERS_MESSAGE}, and must not start with the reserved \`aws:\` prefix`,
    },
    'Smithy TagKey traits',
  ],
  [
    'Tag',
    'value',
    {
      maxLength: 256,
      pattern: TAG_VALUE_PATTERN,
      patternErrorMessage: `a tag \`value\` may only use ${TAG_CHARACTERS_MESSAGE}`,
    },
    'Smithy TagValue traits',
  ],
];

/** Members the model leaves optional that a registration needs anyway. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  // Developer guide, task_definition_parameters (docs/aws-facts.md §1): the model marks none.
  ContainerDefinition: ['name', 'image'],
};

export function applyOverlay(generated: JsonSchema, sdkDocs: SdkDocs): JsonSchema {
  const schema = structuredClone(generated);
  const definitions = schema.definitions ?? {};
  for (const [shape, member, add] of PATCHES) Object.assign(memberOf(definitions, shape, member), add);
  for (const [shape, members] of Object.entries(REQUIRED)) {
    const definition = shapeOf(definitions, shape);
    for (const m of members) memberOf(definitions, shape, m);
    definition.required = [...new Set([...(definition.required ?? []), ...members])];
  }
  // Every number in this closure is a Smithy Integer or BoxedInteger (docs/aws-facts.md §1); the
  // declarations only say `number`.
  for (const definition of Object.values(definitions)) numbersToIntegers(definition);

  const root = shapeOf(definitions, ROOT);
  for (const field of OUTPUT_ONLY_FIELDS)
    root.properties![field] = outputOnly(sdkDocs.describedTaskDefinition[field]);
  definitions[DESCRIBE_OUTPUT] = describeOutput(root);

  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    $comment: schema.$comment,
    title: 'Amazon ECS task definition',
    type: 'object',
    description:
      'The input of `aws ecs register-task-definition --cli-input-json` (the RegisterTaskDefinition API), ' +
      'as the AWS SDK declares it. A saved describe-task-definition output is recognised too.',
    // A `describe-task-definition` output (`{"taskDefinition": {...}, "tags": [...]}`) is validated as
    // such, so its inner task definition gets hovers and checks instead of a pile of "missing family".
    if: { required: ['taskDefinition'] },
    then: { $ref: `#/definitions/${DESCRIBE_OUTPUT}` },
    else: { $ref: `#/definitions/${ROOT}` },
    definitions,
  };
}

function nameMessage(what: string): string {
  return `\`${what}\` may have up to 255 letters, numbers, underscores and hyphens`;
}

function shapeOf(definitions: Record<string, JsonSchema>, shape: string): JsonSchema {
  const definition = definitions[shape];
  if (!definition?.properties)
    throw new Error(`schema overlay: shape ${shape} is not in the generated schema`);
  return definition;
}

function memberOf(definitions: Record<string, JsonSchema>, shape: string, member: string): JsonSchema {
  const schema = shapeOf(definitions, shape).properties![member];
  if (!schema)
    throw new Error(`schema overlay: ${shape}.${member} is not in the generated schema (SDK changed?)`);
  return schema;
}

function numbersToIntegers(schema: JsonSchema): void {
  if (schema.type === 'number') schema.type = 'integer';
  for (const child of [
    ...Object.values(schema.properties ?? {}),
    schema.items,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
  ]) {
    if (child) numbersToIntegers(child);
  }
}

/** No type: any value is accepted, so ajv stays quiet and the rules module owns the report. */
function outputOnly(docs: MemberDocs | undefined): JsonSchema {
  const lead = docs?.markdownDescription ? `${docs.markdownDescription}\n\n` : '';
  return {
    description: `${docs?.description ? `${docs.description}\n\n` : ''}${OUTPUT_ONLY_MESSAGE}`,
    markdownDescription: `${lead}**Output-only**: returned by \`describe-task-definition\`; remove before registering.`,
    deprecationMessage: OUTPUT_ONLY_MESSAGE,
    doNotSuggest: true,
  };
}

function describeOutput(root: JsonSchema): JsonSchema {
  const note =
    'This file is `aws ecs describe-task-definition` output. `register-task-definition` takes the object ' +
    'inside `taskDefinition` (without its output-only fields); save it with `--query taskDefinition`.';
  return {
    type: 'object',
    description: note.replace(/`/g, ''),
    markdownDescription: note,
    properties: {
      taskDefinition: {
        $ref: `#/definitions/${ROOT}`,
        description: note.replace(/`/g, ''),
        markdownDescription: note,
        // No deprecationMessage: VS Code would strike through the whole task definition. The rules
        // module reports the wrapper once, with an unwrap fix.
      },
      tags: { ...root.properties!.tags },
    },
    required: ['taskDefinition'],
    additionalProperties: false,
  };
}
