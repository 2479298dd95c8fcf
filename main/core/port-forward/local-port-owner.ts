// Who holds a local TCP port, for the "port in use" message, where the OS says: on Linux the
// listening socket's inode from /proc/net/tcp and tcp6, then the process whose /proc/PID/fd links
// to that socket (only the user's own processes are readable; others stay unnamed). Best effort:
// any failure means "unknown", never an error of its own.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

const LISTEN_STATE = '0A';

/** "python3 (pid 4242)", or undefined when the OS does not say. */
export async function localPortOwner(port: number, proc = '/proc'): Promise<string | undefined> {
  try {
    const inodes = new Set<string>();
    for (const table of ['tcp', 'tcp6']) {
      const text = await readFile(join(proc, 'net', table), 'utf8').catch(() => '');
      for (const inode of listeningInodes(text, port)) inodes.add(inode);
    }
    if (inodes.size === 0) return undefined;
    for (const pid of (await readdir(proc)).filter((name) => /^\d+$/.test(name))) {
      const fds = await readdir(join(proc, pid, 'fd')).catch(() => []);
      for (const fd of fds) {
        const link = await readlink(join(proc, pid, 'fd', fd)).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode !== undefined && inodes.has(inode)) {
          const name = (await readFile(join(proc, pid, 'comm'), 'utf8').catch(() => '')).trim();
          return name === '' ? `pid ${pid}` : `${name} (pid ${pid})`;
        }
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The inodes of sockets listening on `port` in one /proc/net/tcp{,6} table. */
export function listeningInodes(table: string, port: number): string[] {
  const wanted = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const inode = fields[9];
    if (local === undefined || inode === undefined || fields[3] !== LISTEN_STATE) continue;
    if (local.slice(local.lastIndexOf(':') + 1).toUpperCase() === wanted && inode !== '0') inodes.push(inode);
  }
  return inodes;
}
