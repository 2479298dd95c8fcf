#!/usr/bin/env node
// A client.authentication.k8s.io/v1 exec credential plugin for the test cluster's `plugin`
// context: prints an ExecCredential whose token is read from the file named by its first
// argument (a token the API server's --token-auth-file knows). Plain .mjs so that any Node
// that kubectl or Porthole finds can run it.
import { readFileSync } from 'node:fs';

const tokenFile = process.argv[2];
if (tokenFile === undefined) {
  process.stderr.write('usage: exec-plugin.mjs <token-file>\n');
  process.exit(2);
}

let token;
try {
  token = readFileSync(tokenFile, 'utf8').trim();
} catch (error) {
  process.stderr.write(`exec-plugin: cannot read the token file ${tokenFile}: ${error.message}\n`);
  process.exit(1);
}

// The client says which version it speaks in KUBERNETES_EXEC_INFO; this plugin only speaks v1.
const info = process.env.KUBERNETES_EXEC_INFO;
if (info !== undefined && JSON.parse(info).apiVersion !== 'client.authentication.k8s.io/v1') {
  process.stderr.write(`exec-plugin: unsupported request ${info}\n`);
  process.exit(1);
}

process.stdout.write(
  JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token },
  }) + '\n',
);
