// Merges kubeconfig files the way kubectl does (client-go clientcmd/loader.go), which is not the
// way client-node's mergeConfig does (it throws on duplicates and lets the LAST file's
// current-context win):
//   - a cluster, user or context name defined in several files: the FIRST file's entry wins;
//   - current-context: the first file that sets it;
//   - relative file paths in an entry resolve against the directory of the file defining it.
// Pure: the caller reads the files and passes their text.
import path from 'node:path';
import { load } from 'js-yaml';
import type { KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import { quoteExternal } from '../errors/describe.ts';

export type RawObject = Record<string, unknown>;

/** One named entry as written, with its paths made absolute, and where it came from. */
export interface RawEntry {
  readonly name: string;
  /** The body under `cluster:`, `user:` or `context:` (an empty object when missing). */
  readonly body: RawObject;
  readonly file: string;
}

export interface MergedKubeconfig {
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, RawEntry>;
  readonly users: ReadonlyMap<string, RawEntry>;
  readonly contexts: ReadonlyMap<string, RawEntry>;
  /**
   * Files that exist but cannot be used (invalid YAML, not a kubeconfig; they are skipped), and a
   * current-context that names no context.
   */
  readonly fileProblems: readonly KubeconfigFileProblem[];
  /** Names defined twice within the one file whose entry won: kubectl refuses such a file. */
  readonly duplicates: Readonly<Record<'clusters' | 'users' | 'contexts', ReadonlySet<string>>>;
}

export interface KubeconfigFile {
  readonly path: string;
  readonly text: string;
}

const SECTIONS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const maps = { clusters: new Map<string, RawEntry>(), users: new Map<string, RawEntry>(), contexts: new Map<string, RawEntry>() };
  const fileProblems: KubeconfigFileProblem[] = [];
  let currentContext: string | undefined;
  let currentContextFile = '';
  const duplicates = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };

  for (const file of files) {
    const document = parseDocument(file);
    if ('problem' in document) {
      fileProblems.push(document.problem);
      continue;
    }
    const root = document.root;
    const current = root['current-context'];
    if (currentContext === undefined && typeof current === 'string' && current !== '') {
      currentContext = current;
      currentContextFile = file.path;
    }
    for (const [section, key] of SECTIONS) {
      const list = root[section];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const entry = asObject(item);
        const name = entry?.['name'];
        if (entry === null || typeof name !== 'string' || name === '') continue;
        const earlier = maps[section].get(name);
        if (earlier !== undefined) {
          if (earlier.file === file.path) duplicates[section].add(name);
          continue;
        }
        const body = asObject(entry[key]) ?? {};
        maps[section].set(name, { name, file: file.path, body: resolvePaths(section, body, path.dirname(file.path)) });
      }
    }
  }
  if (currentContext !== undefined && !maps.contexts.has(currentContext)) {
    fileProblems.push(
      fileProblem(currentContextFile, `sets current-context "${currentContext}", which no kubeconfig file defines; no context is current.`, 'Current context not found'),
    );
  }
  return { currentContext, ...maps, fileProblems, duplicates };
}

function parseDocument(file: KubeconfigFile): { root: RawObject } | { problem: KubeconfigFileProblem } {
  // An empty (or comments-only) file is a valid, empty kubeconfig to kubectl; js-yaml 5 throws on it.
  if (file.text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return { root: {} };
  let value: unknown;
  try {
    value = load(file.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    return { problem: fileProblem(file.path, `is not valid YAML (${quoteExternal(reason)}); it is ignored.`) };
  }
  if (value === undefined || value === null) return { root: {} };
  const root = asObject(value);
  if (root === null) return { problem: fileProblem(file.path, 'is not a kubeconfig (not a YAML mapping); it is ignored.') };
  return { root };
}

function fileProblem(file: string, problem: string, title = 'Kubeconfig file unusable'): KubeconfigFileProblem {
  return { file, problem: { kind: 'kubeconfig', title, detail: `The kubeconfig file ${file} ${problem}` } };
}

// The path-valued fields client-go resolves (clientcmd ResolveLocalPaths), by section.
const PATH_FIELDS = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'token-file'],
  contexts: [],
} as const;

function resolvePaths(section: keyof typeof PATH_FIELDS, body: RawObject, directory: string): RawObject {
  const resolved: RawObject = { ...body };
  for (const field of PATH_FIELDS[section]) {
    const value = resolved[field];
    if (typeof value === 'string' && value !== '') resolved[field] = path.resolve(directory, value);
  }
  const exec = section === 'users' ? asObject(resolved['exec']) : null;
  const command = exec?.['command'];
  // A bare name is looked up on PATH; only a command with a directory part is file-relative.
  if (exec !== null && typeof command === 'string' && command.includes('/') && !path.isAbsolute(command)) {
    resolved['exec'] = { ...exec, command: path.resolve(directory, command) };
  }
  return resolved;
}

export function asObject(value: unknown): RawObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawObject) : null;
}
