import { FinishOnceHasher } from './content-hasher.js';

/**
 * Bytes whose stream indexes differ by a multiple of 160 land on the same bit offset, because
 * 160 * 11 is a multiple of the 160-bit width. So the hasher XOR-folds the stream into 160 lanes
 * (one per index mod 160) and rotates each lane into place only when digesting.
 */
const LANES = 160;
const BLOCK_WORDS = LANES / 4;
const SHIFT_BITS = 11;
const DIGEST_BYTES = 20;
const LENGTH_OFFSET = 12;
/**
 * Lane words folded per pass over the input, one register accumulator each: of 5, 8, 10, 20 and
 * 40, 10 measured fastest (x64 has 16 general registers; more spill to the stack).
 */
const GROUP_WORDS = 10;
/**
 * The word path reads each slice once per group (4 times), so big chunks go through in slices of
 * whole blocks that stay in the CPU cache (400 blocks, 62.5 KiB).
 */
const SLICE_WORDS = 400 * BLOCK_WORDS;
/** Below this size the word path's alignment work costs more than it saves. */
const WORD_PATH_MIN_BYTES = 2 * LANES;

/**
 * OneDrive's QuickXorHash, as base64 of 20 bytes. State: 160 lane bytes and the length, whatever
 * the content size.
 */
export class QuickXorHasher extends FinishOnceHasher {
  /** lanes[(k + rotation) % 160] is the XOR of every byte whose stream index is k mod 160. */
  private readonly lanes = new Uint8Array(LANES);
  private readonly laneWords = new Int32Array(this.lanes.buffer);
  private rotation = 0;
  /** The physical lane the next byte goes into. */
  private next = 0;
  private length = 0;

  constructor() {
    super('quickXor');
  }

  protected absorb(chunk: Uint8Array): void {
    let next = this.next;
    let done = 0;
    if (chunk.length >= WORD_PATH_MIN_BYTES) {
      const head = (4 - (chunk.byteOffset & 3)) & 3;
      next = this.xorBytes(chunk, 0, head, next);
      // The word fold starts at lane 0 with word-aligned data; rotating 160 lanes into that
      // position is cheaper than copying unaligned input. XOR works bytewise, so the platform's
      // endianness does not matter.
      if (next !== 0) {
        this.rotateToLaneZero(next);
        next = 0;
      }
      const blocks = Math.floor((chunk.length - head) / LANES);
      const words = new Int32Array(chunk.buffer, chunk.byteOffset + head, blocks * BLOCK_WORDS);
      for (let from = 0; from < words.length; from += SLICE_WORDS) {
        this.foldBlocks(words, from, Math.min(from + SLICE_WORDS, words.length));
      }
      done = head + blocks * LANES;
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

  /**
   * XORs the whole 40-word blocks in words[from..end) into the lanes, which start at lane 0, in 4
   * passes of 10 lane words. A pass keeps its 10 independent accumulators in locals that V8 holds
   * in registers: one load per input word instead of a load and a store into the lanes.
   */
  private foldBlocks(words: Int32Array, from: number, end: number): void {
    const laneWords = this.laneWords;
    for (let group = 0; group < BLOCK_WORDS; group += GROUP_WORDS) {
      let a0 = laneWords[group] as number;
      let a1 = laneWords[group + 1] as number;
      let a2 = laneWords[group + 2] as number;
      let a3 = laneWords[group + 3] as number;
      let a4 = laneWords[group + 4] as number;
      let a5 = laneWords[group + 5] as number;
      let a6 = laneWords[group + 6] as number;
      let a7 = laneWords[group + 7] as number;
      let a8 = laneWords[group + 8] as number;
      let a9 = laneWords[group + 9] as number;
      for (let i = from + group; i < end; i += BLOCK_WORDS) {
        a0 ^= words[i] as number;
        a1 ^= words[i + 1] as number;
        a2 ^= words[i + 2] as number;
        a3 ^= words[i + 3] as number;
        a4 ^= words[i + 4] as number;
        a5 ^= words[i + 5] as number;
        a6 ^= words[i + 6] as number;
        a7 ^= words[i + 7] as number;
        a8 ^= words[i + 8] as number;
        a9 ^= words[i + 9] as number;
      }
      laneWords[group] = a0;
      laneWords[group + 1] = a1;
      laneWords[group + 2] = a2;
      laneWords[group + 3] = a3;
      laneWords[group + 4] = a4;
      laneWords[group + 5] = a5;
      laneWords[group + 6] = a6;
      laneWords[group + 7] = a7;
      laneWords[group + 8] = a8;
      laneWords[group + 9] = a9;
    }
  }

  /** Moves the lanes circularly so that lane `next` becomes lane 0. */
  private rotateToLaneZero(next: number): void {
    const before = this.lanes.slice();
    this.lanes.set(before.subarray(next), 0);
    this.lanes.set(before.subarray(0, next), LANES - next);
    this.rotation = (this.rotation + LANES - next) % LANES;
  }
}
