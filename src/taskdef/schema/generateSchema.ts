/**
 * Generates the task-definition JSON Schema from the installed `@aws-sdk/client-ecs` type declarations
 * (docs/aws-facts.md §1): `RegisterTaskDefinitionRequest` and every shape it reaches become draft-07
 * definitions with the SDK's member names, optionality, types, enum values and documentation. The
 * hand-written overlay (`overlay.ts`) then adds what the model lacks. Build time only (it loads the
 * TypeScript compiler): the extension reads the generated `dist/task-definition.schema.json`.
 *
 * A type form the walker does not know fails the build instead of producing a permissive `{}`, so an SDK
 * upgrade that changes a shape is noticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { htmlToMarkdown, htmlToPlainText } from './htmlToMarkdown';
import { applyOverlay, type SdkDocs } from './overlay';

/** The draft-07 keywords this schema uses, plus VS Code's JSON-service extensions. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $comment?: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  deprecationMessage?: string;
  errorMessage?: string;
  patternErrorMessage?: string;
  doNotSuggest?: boolean;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

export const ROOT_SHAPE = 'RegisterTaskDefinitionRequest';
/** What `describe-task-definition` returns inside `taskDefinition`: the request plus output-only fields. */
const DESCRIBED_SHAPE = 'TaskDefinition';
const SDK_PACKAGE = '@aws-sdk/client-ecs';

export interface GenerateOptions {
  /** The `.d.ts` declaring `RegisterTaskDefinitionRequest`; default: found in the installed SDK. */
  readonly typesFile?: string;
  /** Apply the hand-written overlay (default true); false gives what the SDK alone says. */
  readonly overlay?: boolean;
}

export function generateTaskDefinitionSchema(options: GenerateOptions = {}): JsonSchema {
  const typesFile = options.typesFile ?? findSdkTypesFile();
  const program = ts.createProgram([typesFile], {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // The walk reads declarations and resolves the SDK's own names; no lib type is needed (and a
    // `Date` or other lib reference fails loudly as unsupported). Halves the time.
    noLib: true,
  });
  const checker = program.getTypeChecker();
  const walker = new ShapeWalker(checker);
  const root = walker.interfaceRef(findInterface(program, ROOT_SHAPE, typesFile));
  const schema: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Generated from ${SDK_PACKAGE} ${sdkVersion()} (${ROOT_SHAPE}) by scripts/build-schema.js. Do not edit.`,
    $ref: root.$ref,
    definitions: walker.definitions(),
  };
  if (options.overlay === false) return canonical(schema);
  const described = findInterface(program, DESCRIBED_SHAPE);
  const sdkDocs: SdkDocs = { describedTaskDefinition: described ? walker.memberDocs(described) : {} };
  return canonical(applyOverlay(schema, sdkDocs));
}

/** The declaration file in the installed SDK that declares the request (models_0 or models_1, by version). */
export function findSdkTypesFile(): string {
  const dir = path.join(sdkPackageDir(), 'dist-types', 'models');
  const declares = new RegExp(`^export interface ${ROOT_SHAPE} \\{`, 'm');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.d.ts'))
    .sort();
  const found = files.find((f) => declares.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  if (!found) throw new Error(`no file in ${dir} declares ${ROOT_SHAPE}`);
  return path.join(dir, found);
}

export function sdkVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(sdkPackageDir(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function sdkPackageDir(): string {
  return path.dirname(require.resolve(`${SDK_PACKAGE}/package.json`));
}

/** The SDK's interface of that name, in `inFile` or else anywhere the program reached (imports included). */
function findInterface(program: ts.Program, name: string, inFile: string): ts.InterfaceDeclaration;
function findInterface(program: ts.Program, name: string): ts.InterfaceDeclaration | undefined;
function findInterface(
  program: ts.Program,
  name: string,
  inFile?: string,
): ts.InterfaceDeclaration | undefined {
  const files = inFile ? [program.getSourceFile(inFile)] : program.getSourceFiles();
  for (const file of files) {
    const found = file?.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
    );
    if (found) return found;
  }
  if (inFile) throw new Error(`${inFile} does not declare interface ${name}`);
  return undefined;
}

interface Docs {
  description?: string;
  markdownDescription?: string;
  deprecationMessage?: string;
}

class ShapeWalker {
  private readonly defs = new Map<string, JsonSchema>();

  constructor(private readonly checker: ts.TypeChecker) {}

  definitions(): Record<string, JsonSchema> {
    return Object.fromEntries(this.defs); // canonical() sorts them
  }

  /** An interface becomes an object definition (once; recursion-safe) and is used through `$ref`. */
  interfaceRef(declaration: ts.InterfaceDeclaration): JsonSchema {
    const name = declaration.name.text;
    const ref = { $ref: `#/definitions/${name}` };
    if (this.defs.has(name)) return ref;
    const definition: JsonSchema = {
      type: 'object',
      ...this.docs(this.checker.getSymbolAtLocation(declaration.name)),
    };
    this.defs.set(name, definition);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const member of this.members(declaration)) {
      properties[member.name] = this.memberSchema(name, member);
      if (!(member.flags & ts.SymbolFlags.Optional)) required.push(member.name);
    }
    definition.properties = properties;
    if (required.length) definition.required = required;
    definition.additionalProperties = false;
    return ref;
  }

  /** Documentation of each member, by name (for shapes that are not walked, e.g. the described TaskDefinition). */
  memberDocs(declaration: ts.InterfaceDeclaration): Record<string, Docs> {
    return Object.fromEntries(this.members(declaration).map((m) => [m.name, this.docs(m)]));
  }

  /** A property's schema: its type and the documentation of `docsFrom` (the member itself by default). */
  private memberSchema(owner: string, member: ts.Symbol, docsFrom: ts.Symbol = member): JsonSchema {
    const signature = member.valueDeclaration;
    if (!signature || !ts.isPropertySignature(signature) || !signature.type) {
      throw new Error(`schema generator: ${owner}.${member.name} is not a typed property`);
    }
    return { ...this.typeNode(signature.type, `${owner}.${member.name}`), ...this.docs(docsFrom) };
  }

  private members(declaration: ts.InterfaceDeclaration): ts.Symbol[] {
    // Declaration order (inherited members included), which is the order of the API reference.
    return this.checker.getPropertiesOfType(this.checker.getTypeAtLocation(declaration.name));
  }

  private typeNode(node: ts.TypeNode, where: string): JsonSchema {
    if (ts.isParenthesizedTypeNode(node)) return this.typeNode(node.type, where);
    if (ts.isUnionTypeNode(node)) {
      // `X | undefined` is how the SDK spells every member, required ones included.
      const types = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
      if (types.length === 1) return this.typeNode(types[0]!, where);
      const literals = types.map((t) =>
        ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
      );
      if (literals.every((l) => l !== undefined)) return { type: 'string', enum: [...literals].sort() };
      return unsupported(node, where);
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
    }
    if (ts.isArrayTypeNode(node))
      return { type: 'array', items: this.typeNode(node.elementType, `${where}[]`) };
    if (ts.isTypeReferenceNode(node)) return this.reference(node, where);
    return unsupported(node, where);
  }

  private reference(node: ts.TypeReferenceNode, where: string): JsonSchema {
    const name = node.typeName.getText();
    const args = node.typeArguments ?? [];
    if (name === 'Record' && args.length === 2 && args[0]!.kind === ts.SyntaxKind.StringKeyword) {
      return { type: 'object', additionalProperties: this.typeNode(args[1]!, `${where}{}`) };
    }
    if (name === 'Array' && args.length === 1)
      return { type: 'array', items: this.typeNode(args[0]!, `${where}[]`) };
    let symbol = this.checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.find(
      (d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d),
    );
    if (declaration && ts.isInterfaceDeclaration(declaration)) return this.interfaceRef(declaration);
    if (symbol && declaration && ts.isTypeAliasDeclaration(declaration))
      return this.aliasRef(symbol, declaration, where);
    return unsupported(node, where);
  }

  /**
   * The SDK's enums are `type X = (typeof X)[keyof typeof X]` beside a `const X = {...}`: the checker
   * resolves the alias to a union of string literals, which becomes a named `enum` definition.
   */
  private aliasRef(symbol: ts.Symbol, declaration: ts.TypeAliasDeclaration, where: string): JsonSchema {
    const name = symbol.name;
    const ref = { $ref: `#/definitions/${name}` };
    if (this.defs.has(name)) return ref;
    const type = this.checker.getDeclaredTypeOfSymbol(symbol);
    const literals = type.isUnion() ? type.types : [type];
    const values = literals.map((t) => (t.isStringLiteral() ? t.value : undefined));
    if (values.every((v) => v !== undefined)) {
      this.defs.set(name, { type: 'string', enum: [...values].sort(), ...this.docs(symbol) });
      return ref;
    }
    const variants = this.unionMembers(name, declaration.type);
    if (variants) {
      // A Smithy union (`type X = X.AMember | X.$UnknownMember` with a namespace X): exactly one member is set.
      const definition: JsonSchema = { type: 'object', ...this.docs(symbol) };
      this.defs.set(name, definition);
      const properties: Record<string, JsonSchema> = {};
      for (const { member, docsFrom } of variants)
        properties[member.name] = this.memberSchema(name, member, docsFrom);
      Object.assign(definition, {
        properties,
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
      });
      return ref;
    }
    return this.typeNode(declaration.type, where);
  }

  /** The members of a Smithy union alias, or undefined when the alias is something else. */
  private unionMembers(
    name: string,
    node: ts.TypeNode,
  ): { member: ts.Symbol; docsFrom: ts.Symbol }[] | undefined {
    if (!ts.isUnionTypeNode(node)) return undefined;
    const variants = node.types.filter(
      (t): t is ts.TypeReferenceNode =>
        ts.isTypeReferenceNode(t) && ts.isQualifiedName(t.typeName) && t.typeName.left.getText() === name,
    );
    if (variants.length !== node.types.length) return undefined;
    const out: { member: ts.Symbol; docsFrom: ts.Symbol }[] = [];
    for (const variant of variants) {
      const variantSymbol = this.checker.getSymbolAtLocation(variant.typeName);
      if (!variantSymbol || variantSymbol.name === '$UnknownMember') continue;
      const set = this.checker
        .getPropertiesOfType(this.checker.getTypeFromTypeNode(variant))
        .filter((p) => p.name !== '$unknown' && !(p.flags & ts.SymbolFlags.Optional));
      if (set.length !== 1) return undefined;
      out.push({ member: set[0]!, docsFrom: variantSymbol });
    }
    return out.length ? out : undefined;
  }

  private docs(symbol: ts.Symbol | undefined): Docs {
    if (!symbol) return {};
    const html = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
    const docs: Docs = {};
    if (html) {
      docs.description = htmlToPlainText(html);
      docs.markdownDescription = htmlToMarkdown(html);
    }
    const deprecated = symbol.getJsDocTags(this.checker).find((t) => t.name === 'deprecated');
    if (deprecated) {
      const why = htmlToPlainText(ts.displayPartsToString(deprecated.text)).trim();
      docs.deprecationMessage = `Deprecated${why ? ` ${why}` : ''}`.replace(
        /^Deprecated (\(since [^)]*\))\s*/,
        'Deprecated $1: ',
      );
    }
    return docs;
  }
}

function unsupported(node: ts.TypeNode, where: string): never {
  throw new Error(
    `schema generator: unsupported type \`${node.getText()}\` at ${where}; teach generateSchema.ts this form`,
  );
}

/** The order keywords are written in, so the output is stable and reads top-down. */
const KEYWORD_ORDER: readonly string[] = (
  '$schema $id $comment title $ref type description markdownDescription deprecationMessage doNotSuggest enum ' +
  'pattern minLength maxLength minimum maximum errorMessage patternErrorMessage items minItems maxItems ' +
  'properties required additionalProperties minProperties maxProperties if then else definitions'
).split(' ');

/** Deep copy with keywords in KEYWORD_ORDER, `properties` in SDK order and `definitions` sorted by name. */
export function canonical(schema: JsonSchema): JsonSchema {
  const unknown = Object.keys(schema).filter((k) => !KEYWORD_ORDER.includes(k));
  if (unknown.length) throw new Error(`schema keyword(s) not in KEYWORD_ORDER: ${unknown.join(', ')}`);
  const out: Record<string, unknown> = {};
  for (const key of KEYWORD_ORDER) {
    const value = (schema as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'properties' || key === 'definitions') {
      const entries = Object.entries(value as Record<string, JsonSchema>).map(
        ([k, v]) => [k, canonical(v)] as const,
      );
      if (key === 'definitions') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      out[key] = Object.fromEntries(entries);
    } else if (
      ['items', 'if', 'then', 'else'].includes(key) ||
      (key === 'additionalProperties' && typeof value === 'object')
    ) {
      out[key] = canonical(value as JsonSchema);
    } else {
      out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
  return out;
}
