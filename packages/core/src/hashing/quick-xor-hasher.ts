import { FinishOnceHasher } from './content-hasher.js';

/**
 * Bytes whose stream indexes differ by a multiple of 160 land on the same bit offset, because
 * 160 * 11 is a multiple of the 160-bit width. So the hasher XOR-folds the stream into 160 lanes
 * (one per index mod 160) and rotates each lane into place only when digesting.
 */
const LANES = 160;
const LANE_WORDS = LANES / 4;
const SHIFT_BITS = 11;
const DIGEST_BYTES = 20;
const LENGTH_OFFSET = 12;
/** Below this size the word path's setup costs more than it saves. */
const WORD_PATH_MIN_BYTES = 64;
/**
 * The word path reads its input once per lane column, so big chunks go through in slices that
 * stay in the CPU cache; a 256 MiB chunk in one piece runs several times slower.
 */
const SLICE_BYTES = 64 * 1024;

/**
 * OneDrive's QuickXorHash, as base64 of 20 bytes. State: 160 lane bytes and the length, whatever
 * the content size.
 */
export class QuickXorHasher extends FinishOnceHasher {
  /** lanes[(k + rotation) % 160] is the XOR of every byte whose stream index is k mod 160. */
  private readonly lanes = new Uint8Array(LANES);
  private readonly laneWords = new Uint32Array(this.lanes.buffer);
  private rotation = 0;
  /** The physical lane the next byte goes into. */
  private next = 0;
  private length = 0;

  constructor() {
    super('quickXor');
  }

  protected absorb(chunk: Uint8Array): void {
    for (let from = 0; from < chunk.length; from += SLICE_BYTES) {
      this.absorbSlice(chunk.subarray(from, from + SLICE_BYTES));
    }
  }

  private absorbSlice(chunk: Uint8Array): void {
    let next = this.next;
    let done = 0;
    if (chunk.length >= WORD_PATH_MIN_BYTES) {
      const head = (4 - (chunk.byteOffset & 3)) & 3;
      next = this.xorBytes(chunk, 0, head, next);
      // Word-wise XOR needs the next lane word-aligned as well as the data; rotating 160 bytes is
      // cheap. XOR works bytewise, so the platform's endianness does not matter.
      if ((next & 3) !== 0) next = this.rotate(4 - (next & 3), next);
      const wordCount = (chunk.length - head) >>> 2;
      next = this.xorWords(new Uint32Array(chunk.buffer, chunk.byteOffset + head, wordCount), next);
      done = head + wordCount * 4;
    }
    this.next = this.xorBytes(chunk, done, chunk.length, next);
    this.length += chunk.length;
  }

  protected finish(): string {
    const out = new Uint8Array(DIGEST_BYTES);
    for (let k = 0; k < LANES; k++) {
      const lane = this.lanes[(k + this.rotation) % LANES] as number;
      const bit = (k * SHIFT_BITS) % LANES;
      const at = bit >>> 3;
      const shift = bit & 7;
      // Uint8Array stores keep the low 8 bits; the high bits wrap into the next byte, and past
      // bit 159 back into byte 0.
      out[at] = (out[at] as number) ^ (lane << shift);
      if (shift !== 0) {
        const wrap = (at + 1) % DIGEST_BYTES;
        out[wrap] = (out[wrap] as number) ^ (lane >>> (8 - shift));
      }
    }
    let length = this.length;
    for (let b = LENGTH_OFFSET; b < DIGEST_BYTES; b++) {
      out[b] = (out[b] as number) ^ (length % 256);
      length = Math.floor(length / 256);
    }
    return Buffer.from(out.buffer, out.byteOffset, out.length).toString('base64');
  }

  /** XORs chunk[from..to) into the lanes from lane `next`; returns the lane after the last. */
  private xorBytes(chunk: Uint8Array, from: number, to: number, next: number): number {
    const lanes = this.lanes;
    let lane = next;
    for (let i = from; i < to; i++) {
      lanes[lane] = (lanes[lane] as number) ^ (chunk[i] as number);
      lane = lane === LANES - 1 ? 0 : lane + 1;
    }
    return lane;
  }

  /** XORs whole words into the lanes from the word-aligned lane `next`; returns the lane after. */
  private xorWords(words: Uint32Array, next: number): number {
    const laneWords = this.laneWords;
    let w = next >>> 2;
    let k = 0;
    for (; w !== 0 && k < words.length; k++) {
      laneWords[w] = (laneWords[w] as number) ^ (words[k] as number);
      w = w === LANE_WORDS - 1 ? 0 : w + 1;
    }
    // Now at lane word 0 (or out of words): fold each column of whole 40-word rounds in a register and touch its
    // lane once, which is much faster than a wrap check per word.
    const roundsEnd = words.length - ((words.length - k) % LANE_WORDS);
    for (let lane = 0; lane < LANE_WORDS; lane++) {
      let fold = 0;
      for (let q = k + lane; q < roundsEnd; q += LANE_WORDS) fold ^= words[q] as number;
      laneWords[lane] = (laneWords[lane] as number) ^ fold;
    }
    // Fewer than 40 words remain, starting from word 0, so w cannot wrap here.
    for (k = roundsEnd; k < words.length; k++) {
      laneWords[w] = (laneWords[w] as number) ^ (words[k] as number);
      w++;
    }
    return w << 2;
  }

  /** Moves every lane `delta` places up (circularly) and returns where `next` lands. */
  private rotate(delta: number, next: number): number {
    const before = this.lanes.slice();
    this.lanes.set(before.subarray(0, LANES - delta), delta);
    this.lanes.set(before.subarray(LANES - delta), 0);
    this.rotation = (this.rotation + delta) % LANES;
    return (next + delta) % LANES;
  }
}
