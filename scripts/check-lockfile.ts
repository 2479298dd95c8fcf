// Fails when package-lock.json is out of step with package.json: a dependency whose spec in
// package.json differs from the lock's root entry (packages[""]), or that only one of them lists.
// That is what `npm install` on a fresh clone would rewrite (an edit of package.json without an
// install behind it), so the lint stage of `npm test` runs this and names the package at fault.
import { readFileSync } from 'node:fs';

/** The fields of package.json that npm copies, spec for spec, into the lock's root entry. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

type Specs = Readonly<Record<string, string>>;
type DependencyFields = { readonly [field in (typeof DEPENDENCY_FIELDS)[number]]?: Specs };

export type Manifest = DependencyFields;

export interface Lockfile {
  readonly packages?: { readonly ''?: DependencyFields };
}

/** One sentence per package whose spec differs between package.json and the lock; none when in step. */
export function lockfileDrift(manifest: Manifest, lock: Lockfile): string[] {
  const root = lock.packages?.[''];
  if (root === undefined) return ['package-lock.json has no root entry (packages[""]); run `npm install --package-lock-only`'];
  const drift: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const wanted = manifest[field] ?? {};
    const locked = root[field] ?? {};
    for (const name of new Set([...Object.keys(wanted), ...Object.keys(locked)])) {
      const inManifest = wanted[name];
      const inLock = locked[name];
      if (inManifest === inLock) continue;
      drift.push(`${field} ${name}: package.json has ${shown(inManifest)}, package-lock.json has ${shown(inLock)}`);
    }
  }
  return drift;
}

function shown(spec: string | undefined): string {
  return spec === undefined ? 'nothing' : JSON.stringify(spec);
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

if (import.meta.main) {
  const root = new URL('../', import.meta.url);
  const drift = lockfileDrift(readJson<Manifest>(new URL('package.json', root).pathname), readJson<Lockfile>(new URL('package-lock.json', root).pathname));
  if (drift.length > 0) {
    console.error(`package-lock.json is out of step with package.json (\`npm install\` would rewrite it):\n  ${drift.join('\n  ')}`);
    console.error('Bring the lock in step without upgrading anything: npm install --package-lock-only --ignore-scripts');
    process.exit(1);
  }
}
