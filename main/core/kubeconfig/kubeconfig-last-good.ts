// Editors save in steps and people mistype: a kubeconfig file that stops parsing (invalid YAML
// mid-save, a stray tab) must not make its contexts vanish from the sidebar, nor end what uses
// them. Each file's last version that parsed is kept; while the file on disk does not parse, its
// last good version is merged instead, and the file's problem says so.
import { load } from 'js-yaml';
import type { KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import { mergeKubeconfigs, type KubeconfigFile } from './kubeconfig-merge.ts';

function isYaml(text: string): boolean {
  try {
    load(text);
    return true;
  } catch {
    return false;
  }
}

export class LastGoodKubeconfigs {
  readonly #texts = new Map<string, string>();

  /** The files to merge (a file that does not parse replaced by its last good text, if any) and the problems of those replaced. */
  choose(files: readonly KubeconfigFile[]): { files: KubeconfigFile[]; problems: KubeconfigFileProblem[] } {
    const chosen: KubeconfigFile[] = [];
    const problems: KubeconfigFileProblem[] = [];
    for (const file of files) {
      const lastGood = this.#texts.get(file.path);
      // The merge says why the file is unusable (its YAML error, quoted).
      const problem = isYaml(file.text) ? undefined : mergeKubeconfigs([file]).fileProblems.find((each) => each.file === file.path);
      if (problem === undefined) {
        this.#texts.set(file.path, file.text);
        chosen.push(file);
      } else if (lastGood === undefined) {
        chosen.push(file);
      } else {
        chosen.push({ path: file.path, text: lastGood });
        problems.push({
          file: file.path,
          problem: { ...problem.problem, detail: `${problem.problem.detail.replace(/; it is ignored\.$/, '.')} Its contexts stay as they were in its last good version until it is fixed.` },
        });
      }
    }
    return { files: chosen, problems };
  }
}
