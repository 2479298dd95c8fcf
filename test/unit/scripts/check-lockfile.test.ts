// The lint stage's lockfile check: a lock whose root entry differs from package.json in any
// dependency spec must fail, naming the package; the repository's own pair must pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockfileDrift, type Lockfile, type Manifest } from '../../../scripts/check-lockfile.ts';

const manifest: Manifest = {
  dependencies: { ws: '8.23.0' },
  devDependencies: { '@doyensec/electronegativity': '1.10.3', vitest: '5.1.1' },
};

function lockOf(root: Manifest): Lockfile {
  return { packages: { '': root } };
}

describe('lockfileDrift', () => {
  it('passes a lock whose root entry lists every dependency with the same spec', () => {
    expect(lockfileDrift(manifest, lockOf({ ...manifest }))).toEqual([]);
  });

  it('names a package whose range in the lock differs from package.json', () => {
    const drifted = lockOf({ ...manifest, devDependencies: { '@doyensec/electronegativity': '^1.10.3', vitest: '5.1.1' } });
    expect(lockfileDrift(manifest, drifted)).toEqual([
      'devDependencies @doyensec/electronegativity: package.json has "1.10.3", package-lock.json has "^1.10.3"',
    ]);
  });

  it('names a package only one side lists, and one that moved between fields', () => {
    const drifted = lockOf({ dependencies: { ws: '8.23.0', vitest: '5.1.1' }, devDependencies: { '@doyensec/electronegativity': '1.10.3' } });
    expect(lockfileDrift(manifest, drifted)).toEqual([
      'dependencies vitest: package.json has nothing, package-lock.json has "5.1.1"',
      'devDependencies vitest: package.json has "5.1.1", package-lock.json has nothing',
    ]);
  });

  it('fails a lock without a root entry', () => {
    expect(lockfileDrift(manifest, {})).toHaveLength(1);
  });

  it('passes the repository’s own package.json and package-lock.json', () => {
    const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8'));
    expect(lockfileDrift(read('package.json') as Manifest, read('package-lock.json') as Lockfile)).toEqual([]);
  });
});
