// A growable little-endian byte writer and its reader, for the events index snapshot (index-snapshot.ts).

export class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.at);
    this.at += 4;
  }

  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.at);
    this.at += 8;
  }

  text(s: string): void {
    const n = Buffer.byteLength(s);
    this.u32(n);
    this.room(n);
    this.buf.write(s, this.at, 'utf8');
    this.at += n;
  }

  bytes(b: Uint8Array): void {
    this.u32(b.byteLength);
    this.room(b.byteLength);
    this.buf.set(b, this.at);
    this.at += b.byteLength;
  }

  /** Everything written, as one buffer. */
  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

export class ByteReader {
  private at = 0;
  private readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }

  u32(): number {
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  f64(): number {
    const v = this.buf.readDoubleLE(this.at);
    this.at += 8;
    return v;
  }

  text(): string {
    const n = this.u32();
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }

  /** A copy (the snapshot's buffer is released after loading). */
  bytes(): Uint8Array {
    const n = this.u32();
    const b = new Uint8Array(n);
    b.set(this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return b;
  }

  get end(): boolean {
    return this.at >= this.buf.length;
  }
}
