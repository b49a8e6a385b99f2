/**
 * `runtimePlatform`: ARM64 runs only Linux, and Fargate runs Windows Server 2019, 2022 and 2025 only
 * (the 2016, 2004 and 20H2 families exist in the API for EC2).
 */
import { DOCS } from './docs';
import { problem, stringValue, valueNode, type Rule } from './ruleContext';

const FARGATE_WINDOWS = [
  'WINDOWS_SERVER_2019_FULL',
  'WINDOWS_SERVER_2019_CORE',
  'WINDOWS_SERVER_2022_FULL',
  'WINDOWS_SERVER_2022_CORE',
  'WINDOWS_SERVER_2025_FULL',
  'WINDOWS_SERVER_2025_CORE',
];

export const arm64Linux: Rule = {
  id: 'arm64-requires-linux',
  severity: 'error',
  docsUrl: DOCS.runtimePlatform,
  description: 'cpuArchitecture ARM64 needs operatingSystemFamily LINUX.',
  check(ctx) {
    const platform = valueNode(ctx.root, 'runtimePlatform');
    const archNode = valueNode(platform, 'cpuArchitecture');
    const osNode = valueNode(platform, 'operatingSystemFamily');
    const os = stringValue(osNode);
    if (stringValue(archNode) !== 'ARM64' || !osNode || os === undefined || os === 'LINUX') return [];
    return [
      problem(
        this,
        archNode!,
        `ARM64 runs only Linux containers: use "cpuArchitecture": "X86_64" for ${os}, or "operatingSystemFamily": "LINUX".`,
      ),
    ];
  },
};

export const fargateOsFamily: Rule = {
  id: 'fargate-os-family',
  severity: 'error',
  docsUrl: DOCS.runtimePlatform,
  description: 'Fargate runs LINUX and Windows Server 2019, 2022 and 2025.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const osNode = valueNode(valueNode(ctx.root, 'runtimePlatform'), 'operatingSystemFamily');
    const os = stringValue(osNode);
    if (!osNode || os === undefined || os === 'LINUX' || FARGATE_WINDOWS.includes(os)) return [];
    if (!os.startsWith('WINDOWS_SERVER_')) return []; // not an OS family at all: the schema's enum says so
    return [
      problem(
        this,
        osNode,
        `Fargate does not run ${os}: use "WINDOWS_SERVER_2022_CORE" (or another 2019, 2022 or 2025 edition).`,
      ),
    ];
  },
};

export const platformRules: readonly Rule[] = [arm64Linux, fargateOsFamily];
