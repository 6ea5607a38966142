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

  /** An independent hash with the same state, e.g. to go back to if a fragment fails halfway. */
  copy(): QuickXorHash {
    const twin = new QuickXorHash();
    twin.#buckets.set(this.#buckets);
    twin.#position = this.#position;
    twin.#length = this.#length;
    return twin;
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

  /**
   * XORs each block's word j into bucket word j. Eight columns are carried in locals per pass (five
   * passes over the 40 columns): V8 keeps them in registers, which is several times faster than
   * updating the typed array word by word.
   */
  #foldWords(words: Uint32Array): void {
    const buckets = this.#words;
    const end = words.length;
    for (let column = 0; column < BLOCK_WORDS; column += 8) {
      let w0 = buckets[column] as number;
      let w1 = buckets[column + 1] as number;
      let w2 = buckets[column + 2] as number;
      let w3 = buckets[column + 3] as number;
      let w4 = buckets[column + 4] as number;
      let w5 = buckets[column + 5] as number;
      let w6 = buckets[column + 6] as number;
      let w7 = buckets[column + 7] as number;
      for (let i = column; i < end; i += BLOCK_WORDS) {
        w0 ^= words[i] as number;
        w1 ^= words[i + 1] as number;
        w2 ^= words[i + 2] as number;
        w3 ^= words[i + 3] as number;
        w4 ^= words[i + 4] as number;
        w5 ^= words[i + 5] as number;
        w6 ^= words[i + 6] as number;
        w7 ^= words[i + 7] as number;
      }
      buckets[column] = w0;
      buckets[column + 1] = w1;
      buckets[column + 2] = w2;
      buckets[column + 3] = w3;
      buckets[column + 4] = w4;
      buckets[column + 5] = w5;
      buckets[column + 6] = w6;
      buckets[column + 7] = w7;
    }
  }
}
