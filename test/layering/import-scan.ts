// Lists every module specifier a source file refers to: static imports and re-exports, dynamic
// import() and require(). Uses TypeScript's own pre-processor rather than a regular expression, so
// comments and strings that merely look like imports are not counted.
import { posix } from 'node:path';
import ts from 'typescript';

const SVELTE_SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

/** The script parts of a Svelte component, or the file itself for TypeScript. */
function scriptText(path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text;
  return [...text.matchAll(SVELTE_SCRIPT)].map((match) => match[1] ?? '').join('\n');
}

export function importsOf(path: string, text: string): string[] {
  const info = ts.preProcessFile(scriptText(path, text), true, true);
  return info.importedFiles.map((file) => file.fileName);
}

/** The repository-relative path an import points at (POSIX separators), or null for a package import. */
export function resolveImport(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}
