/**
 * Just enough Dockerfile parsing for the build questions: the stages (for the target pick), the
 * EXPOSEd ports and the ARGs (global ones before the first FROM, and each stage's). Follows the
 * Dockerfile syntax for comments, line continuations and the `# escape=` parser directive.
 */

export interface DockerfileStage {
  readonly index: number;
  /** The `AS` name, when there is one. */
  readonly name?: string;
  readonly baseImage: string;
  readonly platform?: string;
  /** 1-based line of the FROM instruction. */
  readonly line: number;
}

export interface DockerfileArg {
  readonly name: string;
  readonly defaultValue?: string;
  /** Undefined for a global ARG (before the first FROM). */
  readonly stage?: number;
}

export interface DockerfileInstruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface DockerfileInfo {
  readonly instructions: readonly DockerfileInstruction[];
  readonly stages: readonly DockerfileStage[];
  readonly exposedPorts: ReadonlyArray<{ port: number; protocol: 'tcp' | 'udp' }>;
  readonly args: readonly DockerfileArg[];
}

/**
 * Splits into logical instructions: continuation lines joined, comments and blank lines skipped,
 * and the bodies of heredocs (`RUN <<EOF` … `EOF`) left out so their lines are not read as
 * instructions.
 */
export function readInstructions(text: string): DockerfileInstruction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  // Parser directives: only at the very top, before any instruction, comment-like `# key=value`.
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]?.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) {
      escape = directive[2];
    }
  }
  const out: DockerfileInstruction[] = [];
  let buffer = '';
  let start = 0;
  let heredoc: { delimiter: string; stripTabs: boolean } | undefined;
  const flush = () => {
    const match = /^(\S+)\s*(.*)$/s.exec(buffer.trim());
    buffer = '';
    if (!match?.[1]) return;
    const keyword = match[1].toUpperCase();
    const args = (match[2] ?? '').trim();
    out.push({ keyword, args, line: start });
    const here = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(args);
    if (here?.[3] && (keyword === 'RUN' || keyword === 'COPY'))
      heredoc = { delimiter: here[3], stripTabs: here[1] === '-' };
  };
  lines.forEach((raw, i) => {
    if (heredoc) {
      if ((heredoc.stripTabs ? raw.replace(/^\t+/, '') : raw) === heredoc.delimiter) heredoc = undefined;
      return;
    }
    const trimmed = raw.trim();
    if (buffer === '' && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (buffer !== '' && (trimmed.startsWith('#') || trimmed === '')) return; // inside a continuation
    if (buffer === '') start = i + 1;
    const continued = trimmed.endsWith(escape);
    buffer += `${continued ? trimmed.slice(0, -1) : trimmed} `;
    if (!continued) flush();
  });
  if (buffer.trim() !== '') flush();
  return out;
}

function parseFrom(args: string): { baseImage: string; name?: string; platform?: string } {
  const words = args.split(/\s+/).filter((w) => w !== '');
  let platform: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() ?? '';
    const platformFlag = /^--platform=(.+)$/.exec(flag);
    if (platformFlag?.[1]) platform = platformFlag[1];
  }
  const baseImage = words[0] ?? '';
  const name = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
  return { baseImage, ...(name ? { name } : {}), ...(platform ? { platform } : {}) };
}

function parseArg(args: string): Array<{ name: string; defaultValue?: string }> {
  return args
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((word) => {
      const eq = word.indexOf('=');
      if (eq < 0) return { name: word };
      const value = word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
      return { name: word.slice(0, eq), defaultValue: value };
    });
}

function parseExpose(args: string): Array<{ port: number; protocol: 'tcp' | 'udp' }> {
  const ports: Array<{ port: number; protocol: 'tcp' | 'udp' }> = [];
  for (const word of args.split(/\s+/)) {
    const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/i.exec(word);
    if (!match?.[1]) continue; // variables ($PORT) cannot be resolved here
    const protocol = (match[3]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp';
    const first = Number(match[1]);
    const last = match[2] ? Number(match[2]) : first;
    for (let port = first; port <= last && port - first < 100; port++) ports.push({ port, protocol });
  }
  return ports;
}

export function parseDockerfile(text: string): DockerfileInfo {
  const instructions = readInstructions(text);
  const stages: DockerfileStage[] = [];
  const args: DockerfileArg[] = [];
  const exposed = new Map<string, { port: number; protocol: 'tcp' | 'udp' }>();
  for (const instruction of instructions) {
    const stage = stages.length === 0 ? undefined : stages.length - 1;
    switch (instruction.keyword) {
      case 'FROM':
        stages.push({ index: stages.length, line: instruction.line, ...parseFrom(instruction.args) });
        // EXPOSE of earlier stages does not reach the final image.
        exposed.clear();
        break;
      case 'ARG':
        for (const arg of parseArg(instruction.args))
          args.push({ ...arg, ...(stage === undefined ? {} : { stage }) });
        break;
      case 'EXPOSE':
        for (const p of parseExpose(instruction.args)) exposed.set(`${p.port}/${p.protocol}`, p);
        break;
    }
  }
  return { instructions, stages, exposedPorts: [...exposed.values()], args };
}

/** The stages a user can pick as the build target (named ones by name, the rest by index). */
export function targetChoices(info: DockerfileInfo): string[] {
  return info.stages.map((s) => s.name ?? String(s.index));
}

/** `A=1 B="two words"` → {A: '1', B: 'two words'}. */
export function parseBuildArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
    const name = match[1];
    if (name) args[name] = match[3] ?? match[4] ?? match[5] ?? '';
  }
  return args;
}

export function formatBuildArgs(args: Readonly<Record<string, string>>): string {
  return Object.entries(args)
    .map(([k, v]) => {
      if (!/[\s"']/.test(v)) return `${k}=${v}`;
      return v.includes("'") ? `${k}="${v}"` : `${k}='${v}'`;
    })
    .join(' ');
}
