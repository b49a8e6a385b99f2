/** Deterministic ids (task ids, UUIDs, ENIs…): the same operations give the same ids after a reset. */
export class IdSource {
  private state: number;

  constructor(private readonly seed = 0x5eed1234) {
    this.state = seed;
  }

  reset(): void {
    this.state = this.seed;
  }

  /** mulberry32 */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private readonly buffer = Buffer.alloc(64);

  hex(length: number): string {
    const words = Math.ceil(length / 8);
    for (let i = 0; i < words; i++) this.buffer.writeUInt32BE(Math.floor(this.next() * 0x100000000), i * 4);
    return this.buffer.toString('hex', 0, words * 4).slice(0, length);
  }

  digits(length: number): string {
    let out = String(1 + Math.floor(this.next() * 9));
    while (out.length < length) out += String(Math.floor(this.next() * 1e9)).padStart(9, '0');
    return out.slice(0, length);
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}
