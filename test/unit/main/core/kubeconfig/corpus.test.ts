// The broken-kubeconfig corpus (corpus/*.yaml): each file is loaded through the KubeconfigStore
// next to a good context, and must give a specific error that names its context (or its file)
// and the field at fault, at the stage stated in its header — when the store loads it, when
// credentials are gathered, or when the connection is made — never a crash or a stack trace;
// and the good context must keep working beside it.
//
// Each fixture's second line says what to expect:
//   # expect: <context name, or @FILE@> | <text the message must contain> | <stage>
// with stage one of load, credentials, connect (the context's first failure), file (a problem
// of the file as a whole) or ignored (the file contributes nothing and is no problem).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeconfigFileProblem } from '../../../../../shared/bridge/contexts.ts';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { KubeconfigStore } from '../../../../../main/core/kubeconfig/kubeconfig-store.ts';
import { base64, createCertificateAuthority, issueCertificate, type CertificateAuthority } from '../../../../fake-server/certificates.ts';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server.ts';
import { PLUGIN_SCRIPT } from '../connection/plugin.ts';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
const STAGES = ['load', 'credentials', 'connect', 'file', 'ignored'] as const;
type Stage = (typeof STAGES)[number];

interface Case {
  readonly file: string;
  readonly subject: string;
  readonly mentions: string;
  readonly stage: Stage;
}

function readCase(file: string): Case {
  const header = readFileSync(path.join(CORPUS, file), 'utf8').split('\n')[1] ?? '';
  const match = /^# expect: (.+?) \| (.+?) \| (\w+)$/.exec(header);
  if (match === null) throw new Error(`${file}: the second line is not "# expect: subject | mentions | stage"`);
  const stage = match[3] as Stage;
  if (!STAGES.includes(stage)) throw new Error(`${file}: unknown stage ${stage}`);
  return { file, subject: match[1] ?? '', mentions: match[2] ?? '', stage };
}

const CASES = readdirSync(CORPUS)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map(readCase);

const EXEC_TARGET = { path: '/api/v1/namespaces/default/pods/p/exec', query: new URLSearchParams(), protocols: ['v5.channel.k8s.io'], resource: 'exec in pod p' };
/** The hanging plugin is stopped after this long. */
const CREDENTIAL_TIMEOUT_MS = 1_000;

let fake: FakeServer;
/** Requires a client certificate signed by its own CA. */
let mtls: FakeServer;
let otherCa: CertificateAuthority;
let directory: string;
let goodFile: string;
let substitutions: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeServer();
  mtls = await startFakeServer({ requireClientCert: true });
  otherCa = createCertificateAuthority('porthole-unrelated-ca');
  directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-corpus-'));
  const client = issueCertificate(mtls.ca, { commonName: 'alice' });
  const expired = issueCertificate(mtls.ca, { commonName: 'alice', notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
  const file = (name: string, text: string): string => {
    const target = path.join(directory, name);
    writeFileSync(target, text, { mode: 0o644 });
    return target;
  };
  file('client.crt', client.certPem);
  file('client.key', client.keyPem);
  file('expired.crt', expired.certPem);
  file('expired.key', expired.keyPem);
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', path.join(directory, 'other.key')]);
  file('garbage.pem', 'this is not a certificate\n');
  file('not-executable', '#!/bin/sh\necho never\n');
  file('runs', '');
  mkdirSync(path.join(directory, 'a-directory'));
  substitutions = {
    '@SERVER@': fake.url,
    '@CA_DATA@': base64(fake.caPem),
    '@MTLS_SERVER@': mtls.url,
    '@MTLS_CA_DATA@': base64(mtls.caPem),
    '@OTHER_CA_DATA@': base64(otherCa.certPem),
    '@CLIENT_CERT_DATA@': base64(client.certPem),
    '@CLIENT_KEY_DATA@': base64(client.keyPem),
    '@DIR@': directory,
    '@NODE@': process.execPath,
    '@PLUGIN@': PLUGIN_SCRIPT,
    '@RUNS@': path.join(directory, 'runs'),
  };
  goodFile = file('good.yaml', fake.kubeconfigFor().replace('"current-context":"fake"', '"current-context":"good"').replaceAll('"fake"', '"good"'));
});

afterAll(async () => {
  await fake.close();
  await mtls.close();
  otherCa.dispose();
  rmSync(directory, { recursive: true, force: true });
});

function storeFor(testCase: Case): { store: KubeconfigStore; file: string } {
  let text = readFileSync(path.join(CORPUS, testCase.file), 'utf8');
  for (const [placeholder, value] of Object.entries(substitutions)) text = text.replaceAll(placeholder, value);
  const file = path.join(directory, testCase.file);
  writeFileSync(file, text);
  const store = new KubeconfigStore({
    kubeconfigEnv: [file, goodFile].join(path.delimiter),
    watch: false,
    connection: { credentialTimeoutMs: CREDENTIAL_TIMEOUT_MS },
  });
  return { store, file };
}

/** The first stage at which the context fails, and how; null when it connects. */
async function firstFailure(store: KubeconfigStore, context: string): Promise<{ stage: Stage; error: UserError } | null> {
  const problem = store.contexts().find((summary) => summary.name === context)?.problem;
  if (problem !== undefined) {
    // connection() must refuse with the very same error.
    let thrown: unknown;
    try {
      store.connection(context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CoreError);
    expect((thrown as CoreError).userError).toEqual(problem);
    return { stage: 'load', error: problem };
  }
  const connection = store.connection(context);
  try {
    await connection.requestOptions();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return { stage: 'credentials', error: (error as CoreError).userError };
  }
  try {
    const { socket } = await openWebSocket(connection, EXEC_TARGET);
    socket.terminate();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return { stage: 'connect', error: (error as CoreError).userError };
  }
}

/** A message fit for a person: one paragraph, no stack frames, no leaked JavaScript values. */
function expectReadable(error: UserError): void {
  const text = `${error.title}\n${error.detail}`;
  expect(error.title).not.toBe('');
  expect(error.detail).not.toMatch(/\n/);
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/\[object Object\]|\bundefined\b|\bnull\b|TypeError|ReferenceError/);
}

describe('the broken-kubeconfig corpus', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$file: $stage error naming "$subject" and "$mentions"; the good context still connects', async (testCase) => {
    const { store, file } = storeFor(testCase);
    try {
      if (testCase.subject === '@FILE@') {
        const problems = store.fileProblems();
        if (testCase.stage === 'ignored') {
          expect(problems).toEqual([]);
          expect(store.contexts().map((summary) => summary.name)).toEqual(['good']);
        } else {
          expect(problems).toHaveLength(1);
          const [{ file: named, problem }] = problems as readonly [KubeconfigFileProblem];
          expect(named).toBe(file);
          expect(problem.kind).toBe('kubeconfig');
          expect(problem.detail).toContain(file);
          expect(problem.detail).toContain(testCase.mentions);
          expectReadable(problem);
        }
      } else {
        const failure = await firstFailure(store, testCase.subject);
        expect(failure, 'the broken context connected').not.toBeNull();
        const { stage, error } = failure as { stage: Stage; error: UserError };
        expect({ stage, detail: error.detail }).toMatchObject({ stage: testCase.stage });
        expect(error.detail).toContain(`"${testCase.subject}"`);
        expect(error.detail).toContain(testCase.mentions);
        expect(error.context).toBe(testCase.subject);
        expectReadable(error);
      }
      // The good context beside it is untouched.
      expect(store.contexts().find((summary) => summary.name === 'good')?.problem).toBeUndefined();
      expect(await firstFailure(store, 'good')).toBeNull();
    } finally {
      store.close();
    }
  });
});
