import { describe, expect, it } from 'vitest';
import { FLOW_BUDGET, FLOW_RULES, flowRuleViolations, type FlowBudget } from '../../../../shared/flow/flow-budget.ts';

/** The rule whose text starts with `start`. */
function rule(start: string): string {
  const found = FLOW_RULES.find(({ rule: text }) => text.startsWith(start));
  if (found === undefined) throw new Error(`no rule starts with "${start}"`);
  return found.rule;
}

describe('the flow budget', () => {
  it('keeps every rule', () => {
    expect(flowRuleViolations(FLOW_BUDGET)).toEqual([]);
  });

  it('keeps the numbers it was given (no behaviour change)', () => {
    expect(FLOW_BUDGET).toEqual({
      sessionWatermarks: { high: 1024 * 1024, low: 512 * 1024 },
      logSessionWatermarks: { high: 4 * 1024 * 1024, low: 2 * 1024 * 1024 },
      portForwardWatermarks: { high: 1024 * 1024, low: 256 * 1024 },
      ackBatch: 5000,
      logAcknowledgement: { batchBytes: 256 * 1024, settleMs: 20 },
      terminalWriteBytes: 64 * 1024,
      bridgeWriteChunkBytes: 64 * 1024,
      writeCallMaxBytes: 1024 * 1024,
      outbox: { delayMs: 5, maxBatchBytes: 64 * 1024 },
      replay: { terminalBytes: 1024 * 1024, logLines: 10_000, logBytes: 4 * 1024 * 1024 },
      screenMirror: { scrollbackLines: 1000, parseMaxBytes: 4 * 1024 * 1024 },
      logLineKeepBytes: 64 * 1024,
      logLineCutMarkerMaxBytes: 64,
      logViewLineBytes: 256 * 1024,
    });
  });

  // Each case breaks the rule it names, so each rule is shown to be able to fail.
  const broken: [string, Partial<FlowBudget>, string][] = [
    ['session low = high', { sessionWatermarks: { high: 1024 * 1024, low: 1024 * 1024 } }, 'session watermarks'],
    ['session low = 0', { sessionWatermarks: { high: 1024 * 1024, low: 0 } }, 'session watermarks'],
    ['log session low = high', { logSessionWatermarks: { high: 4096, low: 4096 } }, 'log session watermarks'],
    ['log session low = 0', { logSessionWatermarks: { high: 4 * 1024 * 1024, low: 0 } }, 'log session watermarks'],
    ['a log acknowledgement batch above a quarter of the watermarks\' gap', { logAcknowledgement: { batchBytes: 512 * 1024 + 1, settleMs: 20 } }, 'log session watermarks'],
    ['an empty log acknowledgement batch', { logAcknowledgement: { batchBytes: 0, settleMs: 20 } }, 'log acknowledgement'],
    ['a log acknowledgement settling for long', { logAcknowledgement: { batchBytes: 1024, settleMs: 101 } }, 'log acknowledgement'],
    ['a log high watermark below the outbox batch', { logSessionWatermarks: { high: 64 * 1024 - 1, low: 8192 } }, 'outbox batch'],
    ['a log replay below the log high watermark', { replay: { terminalBytes: 1024 * 1024, logLines: 10_000, logBytes: 4 * 1024 * 1024 - 1 } }, 'replay'],
    ['port-forward low > high', { portForwardWatermarks: { high: 1024, low: 2048 } }, 'port-forward watermarks'],
    ['an ack batch above the low watermark', { ackBatch: 512 * 1024 + 1 }, 'acknowledgement step'],
    ['a terminal write piece above the low watermark', { terminalWriteBytes: 512 * 1024 + 1 }, 'acknowledgement step'],
    ['an outbox batch above the high watermark', { outbox: { delayMs: 5, maxBatchBytes: 1024 * 1024 + 1 } }, 'outbox batch'],
    [
      'a terminal replay below the high watermark',
      { replay: { terminalBytes: 1024 * 1024 - 1, logLines: 10_000, logBytes: 4 * 1024 * 1024 } },
      'replay',
    ],
    ['a log replay below the high watermark', { replay: { terminalBytes: 1024 * 1024, logLines: 10_000, logBytes: 1024 } }, 'replay'],
    [
      'a terminal replay above what a re-bind may parse',
      { replay: { terminalBytes: 4 * 1024 * 1024 + 1, logLines: 10_000, logBytes: 4 * 1024 * 1024 } },
      'terminal replay <= screen mirror',
    ],
    ['a negative snapshot scrollback', { screenMirror: { scrollbackLines: -1, parseMaxBytes: 4 * 1024 * 1024 } }, 'terminal replay <= screen mirror'],
    ['a bridge write chunk above the write call limit', { bridgeWriteChunkBytes: 1024 * 1024 + 1 }, '1 <= bridge write chunk'],
    ['an empty bridge write chunk', { bridgeWriteChunkBytes: 0 }, '1 <= bridge write chunk'],
    ['a log view line limit that would cut what main kept', { logViewLineBytes: 3 * 64 * 1024 + 63 }, 'log view line bytes'],
    ['main keeping more of a line than the view stores', { logLineKeepBytes: 86 * 1024 }, 'log view line bytes'],
  ];

  it.each(broken)('names the rule broken by %s', (_, change, ruleStart) => {
    expect(flowRuleViolations({ ...FLOW_BUDGET, ...change })).toContain(rule(ruleStart));
  });

  it('tests every rule', () => {
    const tested = new Set(broken.map(([, , ruleStart]) => rule(ruleStart)));
    expect([...tested].sort()).toEqual(FLOW_RULES.map(({ rule: text }) => text).sort());
  });
});
