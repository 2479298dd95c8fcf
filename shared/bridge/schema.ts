// Validators for data that crosses the bridge from the renderer. Main treats the renderer as
// untrusted (a compromised page must not be able to steer main), so every value is checked against
// an exact shape and COPIED: the receiver only ever sees fresh plain objects built from checked
// fields, never the caller's object with whatever else hangs off it (getters, prototypes, extras).
//
// A schema is a function that returns the checked copy or throws a SchemaError naming the path of
// the offending field ("request.size.cols") and the problem in words.

export class SchemaError extends Error {
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
    this.name = 'SchemaError';
    this.path = path;
    this.problem = problem;
  }
}

export type Schema<T> = (value: unknown, path: string) => T;

/** Whether the schema accepts the value: for a caller that words its own refusal. */
export function accepts(schema: Schema<unknown>, value: unknown): boolean {
  try {
    schema(value, 'value');
    return true;
  } catch (error) {
    if (error instanceof SchemaError) return false;
    throw error;
  }
}

/** Marks a field of an object schema that may be absent (or undefined). */
export interface OptionalField<T> {
  readonly optional: Schema<T>;
}

export function optional<T>(schema: Schema<T>): OptionalField<T> {
  return { optional: schema };
}

/** The object shape that produces exactly T: every key of T, optional where T's key is optional. */
export type ShapeFor<T> = {
  readonly [K in keyof T]-?: undefined extends T[K] ? OptionalField<Exclude<T[K], undefined>> : Schema<T[K]>;
};

// Keys that turn a later merge or lookup into prototype pollution; no bridge type uses them.
const POLLUTING_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const QUOTED_MAX = 40;

/** A short, safe description of a value for an error message (never echoes a long string). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length <= QUOTED_MAX ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return 'an object';
}

function quoteKey(key: string): string {
  return JSON.stringify(key.length <= QUOTED_MAX ? key : `${key.slice(0, QUOTED_MAX)}…`);
}

export interface StringRules {
  readonly min?: number;
  readonly max: number;
  /** Checked after the length; `expected` says in words what the pattern allows. */
  readonly pattern?: RegExp;
  readonly expected?: string;
  /** Characters refused anywhere in the string; control characters unless said otherwise. */
  readonly forbid?: { readonly pattern: RegExp; readonly what: string };
}

export function string(rules: StringRules): Schema<string> {
  const min = rules.min ?? 0;
  const forbid = rules.forbid ?? { pattern: CONTROL_CHARACTERS, what: 'control characters' };
  return (value, path) => {
    if (typeof value !== 'string') throw new SchemaError(path, `must be a string, got ${describeValue(value)}`);
    if (value.length < min) {
      throw new SchemaError(path, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    }
    if (value.length > rules.max) {
      throw new SchemaError(path, `must have at most ${rules.max} characters, got ${value.length}`);
    }
    if (forbid.pattern.test(value)) throw new SchemaError(path, `must not contain ${forbid.what}`);
    if (rules.pattern !== undefined && !rules.pattern.test(value)) {
      throw new SchemaError(path, `must be ${rules.expected ?? `a string matching ${rules.pattern}`}, got ${describeValue(value)}`);
    }
    return value;
  };
}

export function integer(min: number, max: number): Schema<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SchemaError(path, `must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
    }
    return value;
  };
}

export const boolean: Schema<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new SchemaError(path, `must be true or false, got ${describeValue(value)}`);
  return value;
};

/** Accepts any value unchecked: only for parts that a later, more specific schema checks. */
export const anything: Schema<unknown> = (value) => value;

export function oneOf<const V extends readonly string[]>(...values: V): Schema<V[number]> {
  const allowed: ReadonlySet<unknown> = new Set(values);
  const listed = values.map((v) => JSON.stringify(v)).join(', ');
  return (value, path) => {
    if (!allowed.has(value)) throw new SchemaError(path, `must be one of ${listed}, got ${describeValue(value)}`);
    return value as V[number];
  };
}

/** A Uint8Array of at most `max` bytes, copied so the caller cannot change it afterwards. */
export function bytes(max: number): Schema<Uint8Array> {
  return (value, path) => {
    if (!(value instanceof Uint8Array)) throw new SchemaError(path, `must be bytes (a Uint8Array), got ${describeValue(value)}`);
    if (value.length > max) throw new SchemaError(path, `must be at most ${max} bytes, got ${value.length}`);
    return new Uint8Array(value);
  };
}

export function array<T>(item: Schema<T>, limits: { readonly min?: number; readonly max: number }): Schema<T[]> {
  const min = limits.min ?? 0;
  return (value, path) => {
    if (!Array.isArray(value)) throw new SchemaError(path, `must be an array, got ${describeValue(value)}`);
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new SchemaError(path, 'must be a plain array');
    if (value.length < min || value.length > limits.max) {
      throw new SchemaError(path, `must have ${min} to ${limits.max} items, got ${value.length}`);
    }
    // A plain array has exactly its indices and `length`: no holes, no extra properties.
    if (Reflect.ownKeys(value).length !== value.length + 1) throw new SchemaError(path, 'must be a plain array without holes or extra properties');
    return value.map((element, index) => item(element, `${path}[${index}]`));
  };
}

/** Own data properties of a plain object, refusing anything a merge or lookup could be tricked by. */
function plainFields(value: unknown, path: string): Map<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new SchemaError(path, `must be an object, got ${describeValue(value)}`);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new SchemaError(path, 'must be a plain object (its prototype is neither Object.prototype nor null)');
  }
  const fields = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') throw new SchemaError(path, 'must not have symbol keys');
    if (POLLUTING_KEYS.has(key)) throw new SchemaError(path, `must not have the key ${quoteKey(key)} (prototype pollution)`);
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) {
      throw new SchemaError(`${path}.${key}`, 'must be a plain value, not a getter or setter');
    }
    fields.set(key, descriptor.value);
  }
  return fields;
}

/** An object with exactly the fields of the shape: unknown fields are refused, not dropped. */
export function objectOf<T>(shape: ShapeFor<T>): Schema<T> {
  const entries = Object.entries(shape) as Array<[string, Schema<unknown> | OptionalField<unknown>]>;
  const known: ReadonlySet<string> = new Set(entries.map(([key]) => key));
  return (value, path) => {
    const fields = plainFields(value, path);
    for (const key of fields.keys()) {
      if (!known.has(key)) throw new SchemaError(path, `has an unknown field ${quoteKey(key)}`);
    }
    const copy: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      const fieldValue = fields.get(key);
      if (typeof field === 'function') {
        if (!fields.has(key)) throw new SchemaError(`${path}.${key}`, 'is missing');
        copy[key] = field(fieldValue, `${path}.${key}`);
      } else if (fieldValue !== undefined) {
        copy[key] = field.optional(fieldValue, `${path}.${key}`);
      }
    }
    return copy as T;
  };
}

/** A union of object schemas told apart by one string field, e.g. `kind`. */
export function variant<T>(key: string, members: Readonly<Record<string, Schema<T>>>): Schema<T> {
  const names = Object.keys(members);
  const listed = names.map((name) => JSON.stringify(name)).join(', ');
  return (value, path) => {
    const tag = plainFields(value, path).get(key);
    if (typeof tag !== 'string' || !Object.hasOwn(members, tag)) {
      throw new SchemaError(`${path}.${key}`, `must be one of ${listed}, got ${describeValue(tag)}`);
    }
    return (members[tag] as Schema<T>)(value, path);
  };
}

/** Adds a check across fields; `check` returns the problem in words, or null when the value is fine. */
export function refine<T>(schema: Schema<T>, check: (value: T) => string | null): Schema<T> {
  return (value, path) => {
    const checked = schema(value, path);
    const problem = check(checked);
    if (problem !== null) throw new SchemaError(path, problem);
    return checked;
  };
}
