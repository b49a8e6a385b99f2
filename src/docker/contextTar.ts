/**
 * A pull-based tar writer for build contexts. Why not tar-fs: it stats and reads every file with
 * one async call after another through libuv's thread pool, which measured 3.6 s for 20,000 small
 * files here, against 0.3 s for the same work done synchronously. So this walks and reads
 * synchronously, but only inside `_read`, a bounded batch at a time (up to the stream's high-water
 * mark), so the daemon's pace drives the walk and memory stays flat: small files are read whole,
 * big ones in 1 MB slices, and nothing is read before the socket asks for it.
 *
 * The archive is what the Docker CLI sends: ustar entries (PAX records for long or non-ASCII names),
 * uid/gid 0, permission bits from the file (0755 on Windows, which has none), directories with a
 * trailing slash, symlinks as links, sockets and FIFOs left out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

const BLOCK = 512;
const SLICE = 1024 * 1024;

export interface ContextEntryFilter {
  /**
   * For a path (relative, `/`-separated): `include` it; `skip` it (a folder with its whole tree);
   * or, for an excluded folder that an exception pattern reaches into, `walkOnly` (no entry of its
   * own, its contents each decided on their own, as Docker does).
   */
  decide(relativePath: string, isDirectory: boolean): 'include' | 'skip' | 'walkOnly';
}

export interface ExtraEntry {
  readonly name: string;
  readonly content: Buffer;
}

export interface ContextTarOptions {
  readonly root: string;
  readonly filter: ContextEntryFilter;
  /** Entries appended at the end (a Dockerfile from outside the context). */
  readonly extra?: readonly ExtraEntry[];
  /** For tests: the file system calls used (default node:fs). */
  readonly fs?: Pick<
    typeof fs,
    'readdirSync' | 'lstatSync' | 'openSync' | 'readSync' | 'closeSync' | 'readlinkSync'
  >;
  readonly platform?: NodeJS.Platform;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  let total = length + String(length).length;
  if (String(total).length !== String(length).length) total = length + String(total).length;
  length = total;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

interface HeaderFields {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  type: '0' | '2' | '5' | 'x';
  linkname?: string;
}

function rawHeader(h: HeaderFields): Buffer {
  const buf = Buffer.alloc(BLOCK, 0);
  buf.write(h.name, 0, 100, 'utf8');
  buf.write(octal(h.mode & 0o7777, 8), 100, 8, 'ascii');
  buf.write(octal(0, 8), 108, 8, 'ascii');
  buf.write(octal(0, 8), 116, 8, 'ascii');
  buf.write(octal(h.size, 12), 124, 12, 'ascii');
  buf.write(octal(Math.max(0, Math.floor(h.mtime)), 12), 136, 12, 'ascii');
  buf.write('        ', 148, 8, 'ascii');
  buf.write(h.type, 156, 1, 'ascii');
  if (h.linkname) buf.write(h.linkname, 157, 100, 'utf8');
  buf.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return buf;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest, 0);
}

/** The header blocks of one entry: a PAX record first when the name or link does not fit ustar. */
export function tarHeader(h: HeaderFields): Buffer {
  const long = Buffer.byteLength(h.name) > 100 || !isPlainAscii(h.name);
  const longLink =
    h.linkname !== undefined && (Buffer.byteLength(h.linkname) > 100 || !isPlainAscii(h.linkname));
  if (!long && !longLink) return rawHeader(h);
  const records = Buffer.concat([
    ...(long ? [paxRecord('path', h.name)] : []),
    ...(longLink && h.linkname ? [paxRecord('linkpath', h.linkname)] : []),
  ]);
  const pax = rawHeader({ name: 'PaxHeader', mode: 0o644, size: records.length, mtime: h.mtime, type: 'x' });
  const shortName = Buffer.from(h.name, 'utf8').subarray(0, 100).toString('latin1');
  return Buffer.concat([
    pax,
    records,
    padding(records.length),
    rawHeader({ ...h, name: shortName, ...(h.linkname ? { linkname: h.linkname.slice(0, 100) } : {}) }),
  ]);
}

interface DirCursor {
  readonly relative: string;
  readonly names: string[];
  index: number;
}

interface OpenFile {
  fd: number;
  remaining: number;
  size: number;
}

class ContextTarStream extends Readable {
  private readonly fs: NonNullable<ContextTarOptions['fs']>;
  private readonly stack: DirCursor[] = [];
  private file: OpenFile | undefined;
  private extraIndex = 0;
  private finished = false;

  constructor(private readonly options: ContextTarOptions) {
    super({ highWaterMark: 4 * SLICE });
    this.fs = options.fs ?? fs;
    this.stack.push({ relative: '', names: this.list(''), index: 0 });
  }

  private list(relative: string): string[] {
    const names = this.fs.readdirSync(path.join(this.options.root, relative));
    return names.map(String).sort();
  }

  override _read(size: number): void {
    try {
      let produced = 0;
      while (produced < size && !this.finished) {
        const chunk = this.next();
        if (chunk === null) {
          this.finished = true;
          this.push(Buffer.alloc(BLOCK * 2, 0));
          this.push(null);
          return;
        }
        produced += chunk.length;
        if (!this.push(chunk)) return;
      }
    } catch (error) {
      this.closeFile();
      this.destroy(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closeFile();
    callback(error);
  }

  private closeFile(): void {
    if (this.file) {
      try {
        this.fs.closeSync(this.file.fd);
      } catch {
        // already closed
      }
      this.file = undefined;
    }
  }

  /** The next piece of the archive, or null at the end. */
  private next(): Buffer | null {
    if (this.file) return this.readSlice(this.file);
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) break;
      const name = top.names[top.index++];
      if (name === undefined) {
        this.stack.pop();
        continue;
      }
      const entry = this.entry(top.relative ? `${top.relative}/${name}` : name);
      if (entry) return entry;
    }
    const extra = this.options.extra?.[this.extraIndex++];
    if (extra) {
      return Buffer.concat([
        tarHeader({
          name: extra.name,
          mode: 0o644,
          size: extra.content.length,
          mtime: Date.now() / 1000,
          type: '0',
        }),
        extra.content,
        padding(extra.content.length),
      ]);
    }
    return null;
  }

  private entry(relative: string): Buffer | undefined {
    const absolute = path.join(this.options.root, relative);
    let stat: fs.Stats;
    try {
      stat = this.fs.lstatSync(absolute);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // deleted meanwhile
      throw error;
    }
    const isDirectory = stat.isDirectory();
    const decision = this.options.filter.decide(relative, isDirectory);
    if (decision === 'skip') return undefined;
    const windows = (this.options.platform ?? process.platform) === 'win32';
    const mode = windows ? 0o755 : stat.mode;
    const mtime = stat.mtimeMs / 1000;
    if (isDirectory) {
      this.stack.push({ relative, names: this.list(relative), index: 0 });
      if (decision === 'walkOnly') return undefined;
      return tarHeader({ name: `${relative}/`, mode, size: 0, mtime, type: '5' });
    }
    if (stat.isSymbolicLink()) {
      const linkname = String(this.fs.readlinkSync(absolute)).split(path.sep).join('/');
      return tarHeader({ name: relative, mode, size: 0, mtime, type: '2', linkname });
    }
    if (!stat.isFile()) return undefined; // sockets, FIFOs, devices: not in a build context
    const header = tarHeader({ name: relative, mode, size: stat.size, mtime, type: '0' });
    if (stat.size === 0) return header;
    const fd = this.fs.openSync(absolute, 'r');
    this.file = { fd, remaining: stat.size, size: stat.size };
    return Buffer.concat([header, this.readSlice(this.file)]);
  }

  private readSlice(file: OpenFile): Buffer {
    const length = Math.min(SLICE, file.remaining);
    const buf = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = this.fs.readSync(file.fd, buf, read, length - read, file.size - file.remaining + read);
      if (n === 0) {
        // The file shrank after the header was written: fill with zeros, as the size is promised.
        buf.fill(0, read);
        break;
      }
      read += n;
    }
    file.remaining -= length;
    if (file.remaining > 0) return buf;
    this.closeFile();
    return Buffer.concat([buf, padding(file.size)]);
  }
}

export function createContextTar(options: ContextTarOptions): Readable {
  return new ContextTarStream(options);
}
