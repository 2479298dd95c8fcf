// Builds kubeconfig user entries that run fixtures/exec-plugin.mjs, and counts its runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLUGIN_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'exec-plugin.mjs');

export interface PluginFixture {
  /** A kubeconfig user body running the plugin in `mode` with `args`. */
  user(mode: string, ...args: string[]): Record<string, unknown>;
  /** How many times the plugin has run. */
  runs(): number;
  /** The process ids of the runs, in order. */
  pids(): number[];
  readonly directory: string;
  dispose(): void;
}

export function pluginFixture(): PluginFixture {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-plugin-'));
  const runsFile = path.join(directory, 'runs');
  writeFileSync(runsFile, '');
  const pids = (): number[] =>
    readFileSync(runsFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map(Number);
  return {
    directory,
    user: (mode, ...args) => ({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [PLUGIN_SCRIPT, runsFile, mode, ...args],
        interactiveMode: 'Never',
      },
    }),
    runs: () => pids().length,
    pids,
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}
