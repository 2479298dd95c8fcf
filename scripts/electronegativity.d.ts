// @doyensec/electronegativity ships no types. Its package main (dist/runner.js) exports the runner
// the CLI calls: run(options, forCli) prints a table when forCli is true, and otherwise resolves
// with the findings, which scripts/security-electron.ts describes for itself.
declare module '@doyensec/electronegativity' {
  const run: (options: Readonly<Record<string, unknown>>, forCli: boolean) => Promise<unknown>;
  export default run;
}
