// The Porthole side of the many-sessions benchmark, in a process of its own so its memory and CPU
// are the core's alone (as a main process's would be), measured from /proc exactly as kubectl's.
//
//   node bench/core-sessions-child.ts '<JSON CoreSessionsPlan>'
//
// Talks in lines: prints "base" once the core exists (no session yet), "open" once every session is open; on "load" starts each shell's loop and
// prints "done" when every shell has finished it; on "exit" closes everything and exits.
import { createInterface } from 'node:readline';
import { createCore } from '../main/core/create-core.ts';
import { CoreSink } from './core-sink.ts';
import { allShown, appendTail, DONE, loopCommand, type CoreSessionsPlan } from './many-sessions.ts';

const plan = JSON.parse(process.argv[2] ?? '{}') as CoreSessionsPlan;
const core = await createCore({ kubeconfigEnv: plan.kubeconfigPath, watch: false });
const sink = new CoreSink(core);
console.log('base');
const encoder = new TextEncoder();
const shells = await Promise.all(
  Array.from({ length: plan.shells }, () =>
    core.openExec({
      context: plan.context,
      ...plan.shellPod,
      command: { kind: 'argv', argv: ['sh'] },
      tty: true,
      stdin: true,
      size: { cols: 120, rows: 40 },
    }),
  ),
);
const follows = await Promise.all(
  Array.from({ length: plan.follows }, () => core.openLogs({ context: plan.context, ...plan.followPod, follow: true, tailLines: 100 })),
);
const tails = shells.map((info) => {
  const tail = { text: '' };
  sink.of(info.id).onOutput = (bytes) => appendTail(tail, bytes);
  return tail;
});
console.log('open');

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'load') {
    for (const info of shells) core.write(info.id, encoder.encode(loopCommand(plan.loopLines)));
    await allShown(tails, DONE, 'Porthole shells');
    console.log('done');
  } else if (line === 'exit') {
    break;
  }
}
for (const info of shells) core.write(info.id, encoder.encode('exit\n'));
await new Promise((resolve) => setTimeout(resolve, 200));
for (const info of [...shells, ...follows]) core.close(info.id);
await core.dispose();
process.exit(0);
