// A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) for initialisation,
// datasets and shuffling: the same seed gives the same stream on every platform, bit for bit.

/** A seeded stream of random numbers. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** A second normal deviate left over from the last Box–Muller pair. */
  private spareNormal: number | null = null;

  /**
   * @param seed any finite number (integers are usual).
   * @param stream a label that derives an independent stream from the same seed ("init", "data" …).
   */
  constructor(seed: number, stream = '') {
    if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number (got ${seed})`);
    let state = (Math.floor(Math.abs(seed)) >>> 0) ^ Math.floor(Math.abs(seed) / 2 ** 32) ^ (seed < 0 ? 0x9e3779b9 : 0);
    for (let i = 0; i < stream.length; i++) state = Math.imul(state ^ stream.charCodeAt(i), 0x01000193) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Normally distributed (Box–Muller) with the given mean and standard deviation. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return mean + std * spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** An integer uniform in [0, n). */
  integer(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: number } | unknown[]>(array: T): T {
    const items = array as unknown as unknown[];
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
