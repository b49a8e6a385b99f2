/**
 * The pause image that owns a local task's network namespace (docs/local-run.md §5). The ECS agent
 * ships its own (amazon/amazon-ecs-pause, loaded from a tarball bundled with the agent, never
 * pulled); we do the same without shipping a binary: a ~130-byte static ELF that only waits for
 * signals (x86-64: `pause`; arm64, which has no `pause` syscall: `ppoll(NULL, 0, NULL, NULL)`), put
 * in a one-file tar and imported (`docker import`). It works offline, on any engine, whatever the
 * task's images contain (a distroless image has no `sleep`). Being PID 1 without handlers, it
 * ignores SIGTERM: the runner removes it with force (SIGKILL), as the agent does after the task's
 * containers have stopped. Editor-free.
 */
import type { DockerConnection } from './dockerClient';
import { tarHeader } from './contextTar';
import { enginePlatform, importImage, inspectImage, type LocalImage } from './images';

export const PAUSE_REPOSITORY = 'ecs-fargate-local/pause';
/** Bump when the binary changes. */
export const PAUSE_VERSION = '1';

const BASE = 0x400000;
const HEADERS = 64 + 56;

const CODE: Record<string, { machine: number; code: Buffer }> = {
  // loop: mov eax, 34 (pause); syscall; jmp loop
  amd64: { machine: 0x3e, code: Buffer.from([0xb8, 0x22, 0, 0, 0, 0x0f, 0x05, 0xeb, 0xf7]) },
  // mov x0..x3, #0; mov x8, #73 (ppoll); svc #0; b back to the first mov
  arm64: {
    machine: 0xb7,
    code: (() => {
      const words = [0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa];
      const buf = Buffer.alloc(words.length * 4);
      words.forEach((w, i) => buf.writeUInt32LE(w, i * 4));
      return buf;
    })(),
  },
};

/** A static ELF64 executable: one PT_LOAD segment (the whole file), entry right after the headers. */
export function pauseBinary(architecture: string): Buffer {
  const target = CODE[architecture];
  if (!target)
    throw new Error(`No pause binary for the ${architecture} architecture (amd64 and arm64 are known).`);
  const size = HEADERS + target.code.length;
  const elf = Buffer.alloc(size, 0);
  elf.write('\x7fELF', 0, 'latin1');
  elf[4] = 2; // 64-bit
  elf[5] = 1; // little-endian
  elf[6] = 1; // ELF version
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(target.machine, 18);
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(BigInt(BASE + HEADERS), 24); // e_entry
  elf.writeBigUInt64LE(64n, 32); // e_phoff
  elf.writeUInt16LE(64, 52); // e_ehsize
  elf.writeUInt16LE(56, 54); // e_phentsize
  elf.writeUInt16LE(1, 56); // e_phnum
  const ph = 64;
  elf.writeUInt32LE(1, ph); // PT_LOAD
  elf.writeUInt32LE(5, ph + 4); // R + X
  elf.writeBigUInt64LE(BigInt(BASE), ph + 16); // p_vaddr
  elf.writeBigUInt64LE(BigInt(BASE), ph + 24); // p_paddr
  elf.writeBigUInt64LE(BigInt(size), ph + 32); // p_filesz
  elf.writeBigUInt64LE(BigInt(size), ph + 40); // p_memsz
  elf.writeBigUInt64LE(0x1000n, ph + 48); // p_align
  target.code.copy(elf, HEADERS);
  return elf;
}

/** A tar holding `/pause` (mode 0755) and nothing else. */
export function pauseTar(architecture: string): Buffer {
  const binary = pauseBinary(architecture);
  const header = tarHeader({ name: 'pause', mode: 0o755, size: binary.length, mtime: 0, type: '0' });
  const pad = Buffer.alloc((512 - (binary.length % 512)) % 512, 0);
  return Buffer.concat([header, binary, pad, Buffer.alloc(1024, 0)]);
}

export interface PauseImage extends LocalImage {
  readonly ref: string;
}

/** The pause image for the engine's architecture, imported the first time. */
export async function ensurePauseImage(connection: DockerConnection, label: string): Promise<PauseImage> {
  const { architecture } = await enginePlatform(connection);
  const ref = `${PAUSE_REPOSITORY}:${PAUSE_VERSION}-${architecture}`;
  const existing = await inspectImage(connection, ref);
  if (existing) return { ...existing, ref };
  const imported = await importImage(
    connection,
    pauseTar(architecture),
    PAUSE_REPOSITORY,
    `${PAUSE_VERSION}-${architecture}`,
    [`LABEL ${label}=pause-image`, 'CMD ["/pause"]'],
  );
  return { ...imported, ref };
}
