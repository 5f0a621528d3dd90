/**
 * A filter's options as data: one schema per filter gives its options' type, defaults, validation
 * and the list of keys it accepts. `resolve(given)` fills datatrove's defaults and refuses, with a
 * TypeError naming the option, an unknown key, a value of the wrong type, a non-finite number
 * (`.inf` and `.nan` would otherwise print as `null` in the canonical form and share a
 * fingerprint), a value out of its range (a negative count) and a minimum above its maximum.
 */

/** How one option is checked, and its default. */
export interface OptionSpec<T> {
  readonly default: T;
  /** What the value must be, for messages: "a number or null". */
  readonly expected: string;
  /** True when `v` is a valid value. */
  accepts(v: unknown): boolean;
}

/** Bounds of a numeric option (inclusive). */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const within = (v: number, b: NumberBounds) =>
  (b.min === undefined || v >= b.min) &&
  (b.max === undefined || v <= b.max) &&
  (!b.integer || Number.isInteger(v));

function boundsText(b: NumberBounds): string {
  const what = b.integer ? 'an integer' : 'a number';
  if (b.min !== undefined && b.max !== undefined) return `${what} from ${b.min} to ${b.max}`;
  if (b.min !== undefined) return `${what} ≥ ${b.min}`;
  if (b.max !== undefined) return `${what} ≤ ${b.max}`;
  return what;
}

/** Option builders: `option.count(50)`, `option.fraction(0.3, { nullable: true })` … */
export const option = {
  /** A finite number within `bounds`. */
  number: (d: number, bounds: NumberBounds = {}): OptionSpec<number> => ({
    default: d,
    expected: boundsText(bounds),
    accepts: (v) => finite(v) && within(v, bounds),
  }),
  /** A finite number within `bounds`, or null (Python `None`: the check is off). */
  numberOrNull: (d: number | null, bounds: NumberBounds = {}): OptionSpec<number | null> => ({
    default: d,
    expected: `${boundsText(bounds)} or null`,
    accepts: (v) => v === null || (finite(v) && within(v, bounds)),
  }),
  boolean: (d: boolean): OptionSpec<boolean> => ({
    default: d,
    expected: 'a boolean',
    accepts: (v) => typeof v === 'boolean',
  }),
  string: (d: string): OptionSpec<string> => ({
    default: d,
    expected: 'a string',
    accepts: (v) => typeof v === 'string',
  }),
  stringsOrNull: (d: string[] | null): OptionSpec<string[] | null> => ({
    default: d,
    expected: 'an array of strings or null',
    accepts: (v) => v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
  }),
  /** `[n, fraction]` pairs (Gopher's n-gram thresholds): n an integer ≥ 1, the fraction from 0 to 1. */
  pairs: (d: [number, number][]): OptionSpec<[number, number][]> => ({
    default: d,
    expected: 'an array of [n, fraction] pairs (n an integer ≥ 1, fraction from 0 to 1)',
    accepts: (v) =>
      Array.isArray(v) &&
      v.every(
        (p) =>
          Array.isArray(p) &&
          p.length === 2 &&
          Number.isInteger(p[0]) &&
          p[0] >= 1 &&
          finite(p[1]) &&
          p[1] >= 0 &&
          p[1] <= 1,
      ),
  }),
};

/** Counts (words, lines, bytes): ≥ 0. */
export const COUNT: NumberBounds = { min: 0 };
/** Counts where datatrove's -1 turns the check off. */
export const OFF_OR_COUNT: NumberBounds = { min: -1 };
/** Ratios of a part to its whole: 0 to 1. */
export const FRACTION: NumberBounds = { min: 0, max: 1 };

type Specs = Record<string, OptionSpec<unknown>>;
type ValuesOf<S extends Specs> = { [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };
/** The options object a schema describes: `type GopherQualityOptions = OptionsOf<typeof GOPHER_QUALITY_OPTIONS>`. */
export type OptionsOf<X> = X extends OptionSchema<infer T> ? T : never;

/** A filter's option schema. */
export interface OptionSchema<T> {
  readonly filter: string;
  /** Every option a config may set, in declaration order. */
  readonly keys: readonly string[];
  readonly defaults: Readonly<T>;
  /** Defaults filled in over `given`, every value checked; throws a TypeError naming the option. */
  resolve(given?: Readonly<Record<string, unknown>>): T;
}

/** `Infinity`, `NaN` and `-0` spelled out (JSON.stringify prints the first two as null). */
export const showValue = (v: unknown): string =>
  typeof v === 'number' && !Number.isFinite(v)
    ? String(v)
    : (JSON.stringify(v, (_k, x) =>
        typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
      ) ?? String(v));

/**
 * The schema of `filter`'s options. `ranges` pairs a minimum option with its maximum: when both are
 * set, the minimum may not exceed the maximum (the filter would drop every document).
 */
export function defineOptions<S extends Specs>(
  filter: string,
  specs: S,
  ranges: readonly (readonly [keyof S & string, keyof S & string])[] = [],
): OptionSchema<ValuesOf<S>> {
  const keys = Object.keys(specs);
  const defaults = Object.fromEntries(keys.map((k) => [k, specs[k]!.default])) as ValuesOf<S>;
  return {
    filter,
    keys,
    defaults,
    resolve(given = {}) {
      for (const [key, value] of Object.entries(given)) {
        if (!Object.hasOwn(specs, key)) {
          throw new TypeError(
            `Unknown option \`${key}\` for filter ${filter}; expected one of: ${keys.join(', ')}`,
          );
        }
        const spec = specs[key]!;
        if (value !== undefined && !spec.accepts(value)) {
          throw new TypeError(
            `Expected \`${key}\` of filter ${filter} to be ${spec.expected}, got ${showValue(value)}`,
          );
        }
      }
      const out: Record<string, unknown> = { ...defaults };
      for (const [key, value] of Object.entries(given)) if (value !== undefined) out[key] = value;
      for (const [lo, hi] of ranges) {
        const a = out[lo],
          b = out[hi];
        if (typeof a === 'number' && typeof b === 'number' && a > b) {
          throw new TypeError(
            `Expected \`${lo}\` of filter ${filter} to be at most \`${hi}\` (${b}), got ${a}: no document could pass`,
          );
        }
      }
      return out as ValuesOf<S>;
    },
  };
}
