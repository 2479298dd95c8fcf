// Which files make up the kubeconfig, as kubectl decides: the $KUBECONFIG list (path-delimiter
// separated, empty entries ignored, duplicates kept once, first occurrence wins) or else
// ~/.kube/config. Files that do not exist are skipped later, not here: they may appear, and
// the store watches for that.
import path from 'node:path';

export function kubeconfigPaths(kubeconfigEnv: string | undefined, home: string): string[] {
  if (kubeconfigEnv !== undefined && kubeconfigEnv !== '') {
    const listed = kubeconfigEnv
      .split(path.delimiter)
      .filter((entry) => entry !== '')
      .map((entry) => path.resolve(entry));
    return [...new Set(listed)];
  }
  return [path.join(home, '.kube', 'config')];
}
