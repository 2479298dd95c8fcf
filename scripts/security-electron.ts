// `npm run security:electron`: Electron hardening checked by @doyensec/electronegativity over the
// sources of main/ and renderer/ together (its global checks — CSP, navigation limits, permission
// handler — look for a protection anywhere in the app, so scanning the two apart reports each
// protection missing from the half that does not hold it). Fails on any finding of MEDIUM or
// HIGH severity, on any source it could not parse, and on any suppression without a reason.
//
// A suppression is electronegativity's own inline comment, and must say why it is safe: after
// " -- " on its line, or in a comment on the line just above it:
//   // eng-disable SANDBOX_JS_CHECK -- <why this one is safe>
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import run from '@doyensec/electronegativity';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['main', 'renderer'] as const;
/** electronegativity's severity values: INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3. */
const FAILING_SEVERITY = 2;
const SOURCE_FILE = /\.(ts|js|mjs|cjs|html|svelte)$/;
const SUPPRESSION = /eng-disable\b(.*)$/;

interface Finding {
  readonly id: string;
  readonly file: string;
  readonly location: { readonly line: number; readonly column: number };
  readonly severity: { readonly value: number; readonly name: string };
  readonly confidence: { readonly name: string };
  readonly description: string;
}

interface Report {
  readonly issues: readonly Finding[];
  readonly errors: readonly { readonly file: string; readonly message: string; readonly tolerable: boolean }[];
}

/** Every `eng-disable` comment with no reason after " -- " and no comment on the line above. */
function unexplainedSuppressions(): string[] {
  const problems: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(full);
        continue;
      }
      if (!SOURCE_FILE.test(entry.name)) continue;
      const lines = readFileSync(full, 'utf8').split('\n');
      lines.forEach((line, index) => {
        const match = SUPPRESSION.exec(line);
        if (match === null) return;
        const reasonAfter = /\s--\s+\S/.test(match[1] ?? '');
        const reasonAbove = /^\s*(\/\/|\/\*|\*|<!--)/.test(lines[index - 1] ?? '');
        if (!reasonAfter && !reasonAbove) {
          problems.push(`${path.relative(ROOT, full)}:${index + 1}: eng-disable without a reason (" -- <why it is safe>", or a comment just above)`);
        }
      });
    }
  };
  for (const source of SOURCES) visit(path.join(ROOT, source));
  return problems;
}

function electronVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const version = manifest.devDependencies?.['electron'];
  if (version === undefined) throw new Error('package.json has no electron devDependency to check against');
  return version.replace(/^[^\d]*/, '');
}

async function scan(): Promise<Report> {
  // One input directory holding both halves (links, so nothing is copied).
  const staging = mkdtempSync(path.join(os.tmpdir(), 'porthole-electronegativity-'));
  try {
    for (const source of SOURCES) symlinkSync(path.join(ROOT, source), path.join(staging, source));
    return (await run(
      {
        input: staging,
        output: undefined,
        isSarif: false,
        customScan: [],
        excludeFromScan: [],
        severitySet: undefined,
        confidenceSet: undefined,
        isRelative: true,
        isVerbose: true,
        electronUpgrade: undefined,
        electronVersionOverride: electronVersion(),
        parserPlugins: [],
      },
      false,
    )) as Report;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const report = await scan();
const failing = report.issues.filter((issue) => issue.severity.value >= FAILING_SEVERITY);
const unparsed = report.errors.filter((error) => !error.tolerable);
const suppressions = unexplainedSuppressions();

for (const issue of report.issues) {
  const mark = issue.severity.value >= FAILING_SEVERITY ? 'FAIL' : 'note';
  console.log(`${mark} ${issue.severity.name}/${issue.confidence.name} ${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} — ${issue.description}`);
}
for (const error of unparsed) console.log(`FAIL could not parse ${error.file}: ${error.message}`);
for (const problem of suppressions) console.log(`FAIL ${problem}`);

if (failing.length + unparsed.length + suppressions.length > 0) {
  console.error(
    `security:electron: ${failing.length} finding(s) of MEDIUM or higher, ${unparsed.length} unparsed file(s), ` +
      `${suppressions.length} unexplained suppression(s). Fix them, or suppress a finding with ` +
      '"// eng-disable CHECK_ID -- <why it is safe>" on its line.',
  );
  process.exit(1);
}
console.log(`security:electron: no finding of MEDIUM or higher in ${SOURCES.join('/ and ')}/ (${report.issues.length} lower).`);
