import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCycles } from './import-cycles.ts';
import { importsOf, resolveImport } from './import-scan.ts';
import { checkImport, type LayerViolation } from './layer-rules.ts';

const repoRoot = new URL('../../', import.meta.url);

/** Tracked and new (not ignored) source files of the layered folders. */
function layeredSources(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'shared', 'main', 'renderer'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((path) => /\.(ts|mts|cts|js|mjs|cjs|svelte)$/.test(path));
}

function violationsIn(file: string, text: string): LayerViolation[] {
  return importsOf(file, text).flatMap((specifier) => checkImport(file, specifier));
}

describe('layering of the repository', () => {
  it('finds the layered sources to check', () => {
    const files = layeredSources();
    expect(files).toContain('shared/bridge/bridge.ts');
    expect(files).toContain('main/electron/main.ts');
    expect(files).toContain('renderer/src/App.svelte');
  });

  it('has no import that breaks a layering rule', () => {
    const violations = layeredSources().flatMap((file) =>
      violationsIn(file, readFileSync(new URL(file, repoRoot), 'utf8')),
    );
    const report = violations.map((v) => `${v.file}: import '${v.specifier}' breaks "${v.rule}"`);
    expect(report, report.join('\n')).toEqual([]);
  });

  it('has no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of layeredSources()) {
      const text = readFileSync(new URL(file, repoRoot), 'utf8');
      const targets = importsOf(file, text).map((specifier) => resolveImport(file, specifier));
      graph.set(file, targets.filter((target): target is string => target !== null));
    }
    const report = importCycles(graph).map((cycle) => cycle.join(' ⇄ '));
    expect(report, report.join('\n')).toEqual([]);
  });
});

describe('import cycles', () => {
  it('finds a cycle of two, a longer one and a self-import, and nothing in a tree', () => {
    const graph = new Map<string, string[]>([
      ['a.ts', ['b.ts', 'x.ts']],
      ['b.ts', ['a.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts', 'package-or-outside.ts']],
      ['f.ts', ['f.ts']],
      ['x.ts', ['y.ts']],
      ['y.ts', []],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts'], ['c.ts', 'd.ts', 'e.ts'], ['f.ts']]);
    expect(importCycles(new Map([['x.ts', ['y.ts']], ['y.ts', []]]))).toEqual([]);
  });

  it('resolves relative imports and ignores packages', () => {
    expect(resolveImport('renderer/src/lib/a.ts', '../app/b.ts')).toBe('renderer/src/app/b.ts');
    expect(resolveImport('renderer/src/lib/a.ts', '@xterm/xterm')).toBeNull();
  });
});

describe('each layering rule catches its violation', () => {
  const cases: Array<[file: string, source: string, rule: string]> = [
    ['shared/protocol/x.ts', `import { readFile } from 'node:fs';`, 'shared/ is pure TypeScript: no Node module'],
    ['shared/protocol/x.ts', `import { Buffer } from 'buffer';`, 'shared/ is pure TypeScript: no Node module'],
    ['shared/protocol/x.ts', `import { app } from 'electron';`, 'shared/ is pure TypeScript: no electron'],
    ['shared/protocol/x.ts', `export * from '../../main/core/y.ts';`, 'shared/ imports nothing from main/ or renderer/'],
    ['shared/x.ts', `const m = await import('../renderer/src/y.ts');`, 'shared/ imports nothing from main/ or renderer/'],
    ['renderer/src/x.ts', `import { ipcRenderer } from 'electron';`, 'renderer/ never imports electron'],
    ['renderer/src/x.ts', `import { spawn } from 'child_process';`, 'renderer/ is DOM only: no Node module'],
    ['renderer/src/A.svelte', `<script lang="ts">import { s } from '../../main/core/s.ts';</script><p>hi</p>`, 'renderer/ never imports main/: it talks through the bridge'],
    ['main/core/x.ts', `const { app } = require('electron');`, 'only main/electron/ imports electron'],
    ['main/core/x.ts', `import '../../renderer/src/y.ts';`, 'main/ never imports renderer/'],
    ['renderer/src/lib/x.ts', `import { s } from '../app/settings.ts';`, 'renderer/src/lib/ is app-agnostic: it never imports app/ or components/'],
    ['renderer/src/lib/X.svelte', `<script lang="ts">import B from '../components/B.svelte';</script>`, 'renderer/src/lib/ is app-agnostic: it never imports app/ or components/'],
  ];

  it.each(cases)('%s: %s', (file, source, rule) => {
    expect(violationsIn(file, source).map((v) => v.rule)).toEqual([rule]);
  });

  it('allows what the architecture allows', () => {
    expect(violationsIn('main/electron/main.ts', `import { app } from 'electron'; import '../../shared/bridge/bridge.ts';`)).toEqual([]);
    expect(violationsIn('main/core/x.ts', `import { join } from 'node:path'; import '../../shared/protocol/index.ts';`)).toEqual([]);
    expect(violationsIn('renderer/src/x.ts', `import { Terminal } from '@xterm/xterm'; import '../../shared/bridge/bridge.ts';`)).toEqual([]);
    expect(violationsIn('shared/x.ts', `// import 'node:fs' in a comment is not an import\nconst s = "require('electron')";`)).toEqual([]);
  });
});
