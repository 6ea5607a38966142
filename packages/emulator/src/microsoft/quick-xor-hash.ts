const WIDTH_BITS = 160;
const SHIFT = 11;
const WIDTH_BYTES = WIDTH_BITS / 8;
/** Bytes 160 apart share a rotation, so input is folded into 160 buckets, 40 words at a time. */
const BLOCK_WORDS = WIDTH_BITS / 4;
/** Unaligned input is copied in slices of this many blocks, bounding the scratch memory. */
const SLICE_BLOCKS = 4096;

/**
 * OneDrive's quickXorHash, incremental. Byte i is XORed into a 160-bit register rotated left by
 * (i * 11) mod 160 bits; as 160 * 11 is a multiple of 160, bytes 160 apart share a rotation, so
 * bytes are first folded into 160 buckets (whole 160-byte blocks as 32-bit words) and each bucket
 * is rotated once at the end.
 */
export class QuickXorHash {
  readonly #buckets = new Uint8Array(WIDTH_BITS);
  readonly #words = new Uint32Array(this.#buckets.buffer);
  #position = 0;
  #length = 0;

  /** Feeds more bytes. */
  update(data: Uint8Array): this {
    let offset = 0;
    while (offset < data.length && this.#position !== 0) this.#foldByte(data[offset++] as number);
    const blocks = Math.floor((data.length - offset) / WIDTH_BITS);
    if (blocks > 0) {
      this.#foldBlocks(data.subarray(offset, offset + blocks * WIDTH_BITS));
      offset += blocks * WIDTH_BITS;
    }
    while (offset < data.length) this.#foldByte(data[offset++] as number);
    this.#length += data.length;
    return this;
  }

  /** The hash as base64, the form Graph prints in `file.hashes.quickXorHash`. */
  digest(): string {
    const register = new Uint8Array(WIDTH_BYTES);
    for (let bucket = 0; bucket < WIDTH_BITS; bucket++) {
      const value = this.#buckets[bucket] as number;
      if (value === 0) continue;
      const bit = (bucket * SHIFT) % WIDTH_BITS;
      const byte = bit >> 3;
      const offset = bit & 7;
      register[byte] = (register[byte] as number) ^ ((value << offset) & 0xff);
      if (offset !== 0) {
        const next = (byte + 1) % WIDTH_BYTES;
        register[next] = (register[next] as number) ^ (value >> (8 - offset));
      }
    }
    let length = this.#length;
    for (let i = 0; i < 8; i++) {
      const index = WIDTH_BYTES - 8 + i;
      register[index] = (register[index] as number) ^ (length % 256);
      length = Math.floor(length / 256);
    }
    return Buffer.from(register).toString('base64');
  }

  #foldByte(value: number): void {
    const position = this.#position;
    this.#buckets[position] = (this.#buckets[position] as number) ^ value;
    this.#position = position === WIDTH_BITS - 1 ? 0 : position + 1;
  }

  /** Folds whole 160-byte blocks; the position is 0 before and after. */
  #foldBlocks(blocks: Uint8Array): void {
    if (blocks.byteOffset % 4 === 0) {
      this.#foldWords(new Uint32Array(blocks.buffer, blocks.byteOffset, blocks.length / 4));
      return;
    }
    const sliceBytes = SLICE_BLOCKS * WIDTH_BITS;
    const scratch = new Uint8Array(Math.min(sliceBytes, blocks.length));
    for (let start = 0; start < blocks.length; start += sliceBytes) {
      const slice = blocks.subarray(start, start + sliceBytes);
      scratch.set(slice);
      this.#foldWords(new Uint32Array(scratch.buffer, 0, slice.length / 4));
    }
  }

  #foldWords(words: Uint32Array): void {
    const buckets = this.#words;
    for (let i = 0; i < words.length; i += BLOCK_WORDS) {
      for (let j = 0; j < BLOCK_WORDS; j++) {
        buckets[j] = (buckets[j] as number) ^ (words[i + j] as number);
      }
    }
  }
}
