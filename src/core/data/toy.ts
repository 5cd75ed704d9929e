// The 2-D toy datasets: TensorFlow Playground's six (circle, xor, two Gaussians, spiral, regression plane,
// regression Gaussians — same geometry and noise model as its dataset.ts), plus moons, a 3-class spiral
// (CS231n's) and a sine boundary. Each returns points and labels; nothing here splits or shuffles.
import { Random } from '../nn/random';

/** Raw samples of a 2-D dataset: point coordinates and a label (class index, or a regression target). */
export interface ToySamples {
  readonly x1: Float64Array;
  readonly x2: Float64Array;
  /** Class index (0, 1, 2 …) for classification; the target value for regression. */
  readonly label: Float64Array;
  /** Number of classes, or 0 for a regression dataset. */
  readonly classes: number;
  /** The square the points are drawn in, for plots and decision-boundary grids: [[x1 min, max], [x2 min, max]]. */
  readonly domain: readonly [readonly [number, number], readonly [number, number]];
}

type Generator = (samples: number, noise: number, random: Random) => ToySamples;

function collector(samples: number) {
  const x1 = new Float64Array(samples);
  const x2 = new Float64Array(samples);
  const label = new Float64Array(samples);
  let count = 0;
  return {
    push(a: number, b: number, l: number) {
      x1[count] = a;
      x2[count] = b;
      label[count] = l;
      count++;
    },
    done(classes: number, domain: ToySamples['domain']): ToySamples {
      return { x1: x1.subarray(0, count), x2: x2.subarray(0, count), label: label.subarray(0, count), classes, domain };
    },
  };
}

const PLAYGROUND_DOMAIN: ToySamples['domain'] = [
  [-6, 6],
  [-6, 6],
];

/** Playground's two concentric classes: inside radius 2.5 (class 1) and a ring from 3.5 to 5 (class 0). */
const circle: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const radius = 5;
  const label = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : 0);
  for (let i = 0; i < samples; i++) {
    const inside = i < samples / 2;
    const r = inside ? random.uniform(0, radius * 0.5) : random.uniform(radius * 0.7, radius);
    const angle = random.uniform(0, 2 * Math.PI);
    const x = r * Math.sin(angle);
    const y = r * Math.cos(angle);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    out.push(x, y, label(x + noiseX, y + noiseY));
  }
  return out.done(2, PLAYGROUND_DOMAIN);
};

/** Playground's xor: quadrants, class 1 where x1·x2 ≥ 0, with a 0.3 gap around the axes. */
const xor: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const padding = 0.3;
  for (let i = 0; i < samples; i++) {
    let x = random.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = random.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = random.uniform(-5, 5) * noise;
    const noiseY = random.uniform(-5, 5) * noise;
    out.push(x, y, (x + noiseX) * (y + noiseY) >= 0 ? 1 : 0);
  }
  return out.done(2, PLAYGROUND_DOMAIN);
};

/** Playground's two Gaussians at (2, 2) (class 1) and (−2, −2); variance grows with noise from 0.5 to 4. */
const twoGaussians: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const variance = 0.5 + (Math.min(noise, 0.5) / 0.5) * 3.5;
  const std = Math.sqrt(variance);
  for (let i = 0; i < samples; i++) {
    const positive = i < samples / 2;
    const c = positive ? 2 : -2;
    out.push(random.normal(c, std), random.normal(c, std), positive ? 1 : 0);
  }
  return out.done(2, PLAYGROUND_DOMAIN);
};

/** Playground's two interleaved spirals (1.75 turns, radius up to 5), noise as uniform jitter. */
const spiral: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const n = Math.floor(samples / 2);
  const arm = (deltaT: number, label: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
      out.push(r * Math.sin(t) + random.uniform(-1, 1) * noise, r * Math.cos(t) + random.uniform(-1, 1) * noise, label);
    }
  };
  arm(0, 1, n);
  arm(Math.PI, 0, samples - n);
  return out.done(2, PLAYGROUND_DOMAIN);
};

/** Playground's regression plane: target (x1 + x2)/10 over [−6, 6]², noise shifts where it is read. */
const regressionPlane: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const radius = 6;
  for (let i = 0; i < samples; i++) {
    const x = random.uniform(-radius, radius);
    const y = random.uniform(-radius, radius);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    out.push(x, y, (x + noiseX + y + noiseY) / 10);
  }
  return out.done(0, PLAYGROUND_DOMAIN);
};

/** Playground's six signed Gaussian bumps: the target is the strongest bump's signed value in [−1, 1]. */
const regressionGaussian: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const radius = 6;
  const bumps: [number, number, number][] = [
    [-4, 2.5, 1],
    [0, 2.5, -1],
    [4, 2.5, 1],
    [-4, -2.5, -1],
    [0, -2.5, 1],
    [4, -2.5, -1],
  ];
  const target = (x: number, y: number) => {
    let value = 0;
    for (const [cx, cy, sign] of bumps) {
      const distance = Math.hypot(x - cx, y - cy);
      const candidate = sign * Math.max(0, 1 - distance / 2);
      if (Math.abs(candidate) > Math.abs(value)) value = candidate;
    }
    return value;
  };
  for (let i = 0; i < samples; i++) {
    const x = random.uniform(-radius, radius);
    const y = random.uniform(-radius, radius);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    out.push(x, y, target(x + noiseX, y + noiseY));
  }
  return out.done(0, PLAYGROUND_DOMAIN);
};

/** scikit-learn's two moons: half circles, class 0 on top; noise is the Gaussian jitter's standard deviation. */
const moons: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const upper = Math.floor(samples / 2);
  const lower = samples - upper;
  for (let i = 0; i < upper; i++) {
    const t = upper > 1 ? (Math.PI * i) / (upper - 1) : 0;
    out.push(Math.cos(t) + random.normal(0, noise), Math.sin(t) + random.normal(0, noise), 0);
  }
  for (let i = 0; i < lower; i++) {
    const t = lower > 1 ? (Math.PI * i) / (lower - 1) : 0;
    out.push(1 - Math.cos(t) + random.normal(0, noise), 1 - Math.sin(t) - 0.5 + random.normal(0, noise), 1);
  }
  return out.done(2, [
    [-1.5, 2.5],
    [-1.25, 1.75],
  ]);
};

/** CS231n's three-arm spiral: radius 0 → 1 along each arm, angle jittered by Gaussian noise. */
const spiral3: Generator = (samples, noise, random) => {
  const out = collector(samples);
  for (let c = 0; c < 3; c++) {
    const count = Math.floor(samples / 3) + (c < samples % 3 ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const r = count > 1 ? i / (count - 1) : 0;
      const t = c * 4 + (count > 1 ? (4 * i) / (count - 1) : 0) + random.normal(0, noise);
      out.push(r * Math.sin(t), r * Math.cos(t), c);
    }
  }
  return out.done(3, [
    [-1.1, 1.1],
    [-1.1, 1.1],
  ]);
};

/** A wavy boundary: class 1 above x2 = 2·sin(x1) over [−6, 6]²; noise shifts where the label is read (as Playground). */
const sine: Generator = (samples, noise, random) => {
  const out = collector(samples);
  const radius = 6;
  for (let i = 0; i < samples; i++) {
    const x = random.uniform(-radius, radius);
    const y = random.uniform(-radius, radius);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    out.push(x, y, y + noiseY > 2 * Math.sin(x + noiseX) ? 1 : 0);
  }
  return out.done(2, PLAYGROUND_DOMAIN);
};

/** The 2-D generators by dataset name. */
export const TOY_DATASETS: Readonly<Record<string, Generator>> = Object.freeze({
  circle,
  xor,
  two_gaussians: twoGaussians,
  spiral,
  regression_plane: regressionPlane,
  regression_gaussian: regressionGaussian,
  moons,
  spiral_3class: spiral3,
  sine,
});
