// Finds a record by any name code uses for it: id, display name, alias or framework spelling (`nn.LeakyReLU`,
// `F.leaky_relu`, `tf.layers.leakyReLU`, `"swish"` …), ignoring case, spaces, `_` and `-`. Unknown names throw
// with the closest known spellings.
import { editDistance } from './define';
import { nameKey } from './names';
import type { Activation } from './types';

/** Ranks of the ways a name can match: an id beats a display name, which beats an alias. */
const RANKS = ['id', 'name', 'alias'] as const;

/** A name index over a list of records; throws if two records claim the same spelling at the same rank. */
export class ActivationIndex {
  private readonly byKey = new Map<string, { activation: Activation; rank: number; spelling: string }>();

  constructor(private readonly records: readonly Activation[]) {
    const ids = new Set<string>();
    for (const record of records) {
      if (ids.has(record.id)) throw new Error(`activation catalog: two records have the id "${record.id}"`);
      ids.add(record.id);
    }
    RANKS.forEach((_, rank) => {
      for (const activation of records) {
        const spellings = rank === 0 ? [activation.id] : rank === 1 ? [activation.name] : activation.aliases;
        for (const spelling of spellings) this.add(spelling, activation, rank);
      }
    });
  }

  private add(spelling: string, activation: Activation, rank: number): void {
    const key = nameKey(spelling);
    const existing = this.byKey.get(key);
    if (!existing) {
      this.byKey.set(key, { activation, rank, spelling });
    } else if (existing.activation !== activation && existing.rank === rank) {
      throw new Error(
        `activation catalog: "${spelling}" (${RANKS[rank]} of ${activation.id}) and "${existing.spelling}" (${RANKS[rank]} of ${existing.activation.id}) are the same name; rename one of them`,
      );
    }
  }

  /** The record a name refers to, or undefined. */
  find(name: string): Activation | undefined {
    return this.byKey.get(nameKey(name))?.activation;
  }

  /** Up to `count` known spellings closest to `name`, one per record, closest first. */
  closest(name: string, count = 5): string[] {
    const key = nameKey(name);
    const lastSegment = key.slice(key.lastIndexOf('.') + 1);
    const best = new Map<Activation, { distance: number; spelling: string }>();
    const within = (distance: number, length: number) => distance <= Math.max(2, Math.floor(length / 3));
    // The edit distance is at least the difference in length: skip pairs too far apart to be `within` (the same
    // result, without the quadratic cost — a megabyte-long unknown name took minutes).
    const distanceWithin = (a: string, b: string) => (within(Math.abs(a.length - b.length), b.length) ? editDistance(a, b) : Infinity);
    for (const [candidate, entry] of this.byKey) {
      const candidateLast = candidate.slice(candidate.lastIndexOf('.') + 1);
      const whole = distanceWithin(key, candidate);
      const last = distanceWithin(lastSegment, candidateLast); // `nn.LeakyRelu6` against `leaky_relu`'s spellings
      const distance = Math.min(within(whole, candidate.length) ? whole : Infinity, within(last, candidateLast.length) ? last + 1 : Infinity);
      if (distance === Infinity) continue;
      const previous = best.get(entry.activation);
      if (!previous || distance < previous.distance || (distance === previous.distance && entry.rank === 0)) {
        best.set(entry.activation, { distance, spelling: entry.rank === 0 ? entry.activation.id : entry.spelling });
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance).slice(0, count).map((b) => b.spelling);
  }

  /** The record a name refers to; throws listing close matches when there is none. */
  get(name: string): Activation {
    if (typeof name !== 'string' || !name.trim()) {
      throw new Error(`activation name must be a non-empty string such as "relu" or "nn.LeakyReLU" (got ${JSON.stringify(name) ?? String(name)})`);
    }
    const found = this.find(name);
    if (found) return found;
    const suggestions = this.closest(name);
    const hint = suggestions.length ? `did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}? ` : '';
    const shown = name.length > 80 ? `"${name.slice(0, 60)}…" (${name.length} characters)` : `"${name}"`;
    throw new Error(`unknown activation ${shown}; ${hint}Known ids: ${this.records.map((r) => r.id).join(', ')}.`);
  }
}
