// The architecture's import rules, as data plus one pure function, so a violation names the file,
// the import and the rule it breaks.
import { builtinModules } from 'node:module';
import { resolveImport } from './import-scan.ts';

export interface LayerViolation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

const NODE_BUILTINS = new Set(builtinModules);

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

function isElectron(specifier: string): boolean {
  return specifier === 'electron' || specifier.startsWith('electron/');
}

function isUnder(path: string | null, folder: string): boolean {
  return path !== null && (path === folder || path.startsWith(`${folder}/`));
}

/**
 * Checks one import of one file (both repository-relative, POSIX separators).
 * Returns the rules the import breaks; an empty list means it is allowed.
 */
export function checkImport(file: string, specifier: string): LayerViolation[] {
  const target = resolveImport(file, specifier);
  const broken: string[] = [];
  if (isUnder(file, 'shared')) {
    if (isNodeBuiltin(specifier)) broken.push('shared/ is pure TypeScript: no Node module');
    if (isElectron(specifier)) broken.push('shared/ is pure TypeScript: no electron');
    if (isUnder(target, 'main') || isUnder(target, 'renderer')) {
      broken.push('shared/ imports nothing from main/ or renderer/');
    }
  } else if (isUnder(file, 'renderer')) {
    if (isElectron(specifier)) broken.push('renderer/ never imports electron');
    if (isNodeBuiltin(specifier)) broken.push('renderer/ is DOM only: no Node module');
    if (isUnder(target, 'main')) broken.push('renderer/ never imports main/: it talks through the bridge');
    if (isUnder(file, 'renderer/src/lib') && (isUnder(target, 'renderer/src/app') || isUnder(target, 'renderer/src/components'))) {
      broken.push('renderer/src/lib/ is app-agnostic: it never imports app/ or components/');
    }
  } else if (isUnder(file, 'main') && !isUnder(file, 'main/electron')) {
    if (isElectron(specifier)) broken.push('only main/electron/ imports electron');
    if (isUnder(target, 'renderer')) broken.push('main/ never imports renderer/');
  }
  return broken.map((rule) => ({ file, specifier, rule }));
}
