/**
 * Seeded randomness and noise for the Riverbend generator. Everything random in the study area
 * comes from one `pure-rand` xoroshiro128+ stream per named purpose, so the same seed always
 * reproduces the same terrain, town and roads, and adding a new purpose does not shift the others.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A small seeded random source: uniform floats, ranges and integers. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number;
}

/** FNV-1a hash of a purpose name, mixed into the seed so each purpose gets its own stream. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * A random stream for one purpose of the generator.
 * @param seed The study-area seed (an integer).
 * @param purpose A name such as 'terrain' or 'town'; different names give independent streams.
 * @example const rng = createRandom(20240501, 'town'); rng.range(0, 1);
 */
export function createRandom(seed: number, purpose: string): Random {
  const generator = xoroshiro128plus((seed ^ hashName(purpose)) | 0);
  const next = (): number => uniformFloat64(generator);
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

const smootherStep = (t: number): number => t * t * t * (t * (t * 6 - 15) + 10);

/**
 * 2-D gradient (Perlin-style) noise on a seeded permutation, values roughly in [-1, 1].
 * Coordinates are in lattice units (one unit = one noise wavelength).
 */
export class GradientNoise2D {
  private readonly permutation = new Uint8Array(512);
  private readonly gradientX = new Float64Array(256);
  private readonly gradientY = new Float64Array(256);

  constructor(rng: Random) {
    const order = new Uint8Array(256);
    for (let i = 0; i < 256; i++) order[i] = i;
    for (let i = 255; i > 0; i--) {
      const j = rng.int(0, i);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    for (let i = 0; i < 512; i++) this.permutation[i] = order[i & 255]!;
    for (let i = 0; i < 256; i++) {
      const angle = rng.next() * 2 * Math.PI;
      this.gradientX[i] = Math.cos(angle);
      this.gradientY[i] = Math.sin(angle);
    }
  }

  private corner(ix: number, iy: number, dx: number, dy: number): number {
    const g = this.permutation[(this.permutation[ix & 255]! + (iy & 255)) & 511]!;
    return this.gradientX[g]! * dx + this.gradientY[g]! * dy;
  }

  /** Noise at (x, y), about [-1, 1]. */
  sample(x: number, y: number): number {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    const u = smootherStep(fx);
    const v = smootherStep(fy);
    const n00 = this.corner(x0, y0, fx, fy);
    const n10 = this.corner(x0 + 1, y0, fx - 1, fy);
    const n01 = this.corner(x0, y0 + 1, fx, fy - 1);
    const n11 = this.corner(x0 + 1, y0 + 1, fx - 1, fy - 1);
    const top = n00 + u * (n10 - n00);
    const bottom = n01 + u * (n11 - n01);
    // Perlin gradient noise peaks at about +-0.7; scale to about +-1.
    return (top + v * (bottom - top)) * 1.4;
  }

  /**
   * Fractal Brownian motion: `octaves` layers, each at twice the frequency and `gain` times the
   * amplitude of the previous one, normalised to about [-1, 1].
   */
  fbm(x: number, y: number, octaves: number, gain = 0.5): number {
    let sum = 0;
    let amplitude = 1;
    let norm = 0;
    let frequency = 1;
    for (let o = 0; o < octaves; o++) {
      // Offset each octave so the lattice points do not line up.
      sum += amplitude * this.sample(x * frequency + o * 17.31, y * frequency - o * 11.7);
      norm += amplitude;
      amplitude *= gain;
      frequency *= 2;
    }
    return sum / norm;
  }

  /** Ridged fractal noise in [0, 1]: sharp crests, used to cut gullies into hillsides. */
  ridged(x: number, y: number, octaves: number): number {
    let sum = 0;
    let amplitude = 1;
    let norm = 0;
    let frequency = 1;
    for (let o = 0; o < octaves; o++) {
      const n = 1 - Math.abs(this.sample(x * frequency + o * 5.1, y * frequency + o * 9.3));
      sum += amplitude * n * n;
      norm += amplitude;
      amplitude *= 0.5;
      frequency *= 2;
    }
    return sum / norm;
  }
}

/** Smooth 1-D noise (a row of the 2-D noise), about [-1, 1]. */
export function noise1D(noise: GradientNoise2D, t: number, octaves = 3): number {
  return noise.fbm(t, 0.5, octaves);
}
