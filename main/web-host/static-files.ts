// The built renderer, served read-only. The files are listed once at start and only those exact
// paths are ever served, so no request path (../, encoded slashes, symlinks) can reach anything
// else on disk.
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly path: string;
  readonly contentType: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

export class StaticFiles {
  readonly #files: ReadonlyMap<string, StaticFile>;

  /** Throws when `root` holds no index.html: the renderer was not built. */
  constructor(root: string) {
    const files = new Map<string, StaticFile>();
    for (const path of listFiles(root)) {
      const urlPath = `/${relative(root, path).split(sep).join('/')}`;
      files.set(urlPath, { path, contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' });
    }
    const index = files.get('/index.html');
    if (index === undefined || !statSync(index.path).isFile()) throw new Error(`${root} has no index.html: build the renderer first (npm run build)`);
    files.set('/', index);
    this.#files = files;
  }

  /** The file for a request path (already without query), or null. */
  lookup(urlPath: string): StaticFile | null {
    return this.#files.get(urlPath) ?? null;
  }

  read(file: StaticFile): Promise<Buffer> {
    return readFile(file.path);
  }
}
