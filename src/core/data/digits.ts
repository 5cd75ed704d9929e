// The 8×8 handwritten digits (UCI optical digits, as shipped with scikit-learn; CC BY 4.0, see
// digits-data.ts) decoded from their compact committed form into [1, 8, 8] images scaled to [0, 1].
import { DIGITS_ENCODED, DIGITS_SAMPLES } from './digits-data';

/** The decoded digits: images [count][1][8][8] flattened, pixel counts 0..16 divided by 16, and labels 0–9. */
export interface Digits {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

let decoded: Digits | null = null;

/** All 1,797 digits, decoded once and cached. */
export function loadDigits(): Digits {
  if (decoded) return decoded;
  const stride = 65;
  if (DIGITS_ENCODED.length !== DIGITS_SAMPLES * stride) throw new Error(`digits asset is corrupt: ${DIGITS_ENCODED.length} characters for ${DIGITS_SAMPLES} samples`);
  const images = new Float32Array(DIGITS_SAMPLES * 64);
  const labels = new Uint8Array(DIGITS_SAMPLES);
  for (let s = 0; s < DIGITS_SAMPLES; s++) {
    for (let p = 0; p < 64; p++) images[s * 64 + p] = parseInt(DIGITS_ENCODED[s * stride + p], 17) / 16;
    labels[s] = DIGITS_ENCODED.charCodeAt(s * stride + 64) - 48;
  }
  decoded = { images, labels, count: DIGITS_SAMPLES };
  return decoded;
}
