// Reading fields of JSON the API server sent, without trusting its shape. Absent (or null) fields
// give undefined, which callers default as the API documents; a field present with the wrong type
// throws, naming where it is, so a malformed object never becomes silently wrong data.
import { CoreError } from '../errors/core-error.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

/** Where a value sits, for error messages: "pod porthole-a/web-0: status.containerStatuses[2]". */
export interface FieldPath {
  readonly what: string;
  readonly path: string;
}

export function child(at: FieldPath, key: string | number): FieldPath {
  const path = typeof key === 'number' ? `${at.path}[${key}]` : at.path === '' ? key : `${at.path}.${key}`;
  return { what: at.what, path };
}

export function malformed(at: FieldPath, expected: string, value: unknown): CoreError {
  const where = at.path === '' ? at.what : `${at.what}: ${at.path}`;
  return new CoreError({
    kind: 'protocol',
    title: 'Malformed object from the API server',
    detail: `${where} should be ${expected}, but the server sent ${describe(value)}`,
  });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(parent: JsonObject, key: string, at: FieldPath): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw malformed(child(at, key), 'an object', value);
  return value;
}

export function arrayField(parent: JsonObject, key: string, at: FieldPath): readonly unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformed(child(at, key), 'an array', value);
  return value;
}

export function stringField(parent: JsonObject, key: string, at: FieldPath): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(child(at, key), 'a string', value);
  return value;
}

export function requiredString(parent: JsonObject, key: string, at: FieldPath): string {
  const value = stringField(parent, key, at);
  if (value === undefined || value === '') throw malformed(child(at, key), 'a non-empty string', parent[key]);
  return value;
}

export function integerField(parent: JsonObject, key: string, at: FieldPath): number | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw malformed(child(at, key), 'a whole number', value);
  return value;
}

export function stringMapField(parent: JsonObject, key: string, at: FieldPath): Readonly<Record<string, string>> {
  const value = objectField(parent, key, at);
  if (value === undefined) return {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw malformed(child(child(at, key), name), 'a string', entry);
  }
  return value as Readonly<Record<string, string>>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
