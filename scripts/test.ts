// `npm test`: every tier, in order of cost, stopping at the first that fails. Runs under the Node 24
// that the project installs (node_modules/.bin comes first on PATH inside npm scripts).
import { spawnSync } from 'node:child_process';

const REQUIRED_NODE_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major !== REQUIRED_NODE_MAJOR) {
  console.error(
    `npm test needs Node ${REQUIRED_NODE_MAJOR} (the line Electron 45 embeds) but runs on ${process.version}; ` +
      'run `npm install` so the project installs its own Node 24, and run the tests through `npm test`.',
  );
  process.exit(1);
}

const stages: Array<[name: string, command: string, args: string[]]> = [
  // A lock out of step with package.json is what `npm install` on a fresh clone would rewrite.
  ['lint: package-lock.json in step with package.json', process.execPath, ['scripts/check-lockfile.ts']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['electron hardening (electronegativity)', 'npm', ['run', '--silent', 'security:electron']],
  ['vitest (all tiers)', 'npx', ['vitest', 'run', ...process.argv.slice(2)]],
];

for (const [name, command, args] of stages) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n=== ${name} FAILED (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
