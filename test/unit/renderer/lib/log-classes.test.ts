import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../../../renderer/src/lib/log-buffer.ts';
import { LogLineClasses } from '../../../../renderer/src/lib/log-classes.ts';
import { lineSeverity } from '../../../../shared/logs/structured-line.ts';

function append(buffer: LogBuffer, ...texts: string[]): void {
  for (const text of texts) buffer.append({ timestamp: '', text });
}

describe('LogLineClasses', () => {
  it('works out severities one by one and in bulk, the same way', () => {
    const buffer = new LogBuffer();
    append(buffer, '{"level":"error","msg":"x"}', 'lvl=warn msg=y', 'I0501 12:00:00.000000 1 a.go:1] ok', 'plain', '{"level":"info"');
    const single = new LogLineClasses(buffer);
    const bulk = new LogLineClasses(buffer);
    bulk.classifyRange(0, buffer.endSeq);
    const expected = ['error', 'warn', 'info', 'unknown', 'info'];
    for (let seq = 0; seq < 5; seq++) {
      expect(single.severityOf(seq)).toBe(expected[seq]);
      expect(bulk.severityOf(seq)).toBe(expected[seq]);
    }
    expect([0, 1, 2, 3].map((seq) => bulk.severityRankOf(seq))).toEqual([4, 3, 2, 0]);
  });

  it('never gives a new line the severity of the line it replaced in a full buffer', () => {
    const buffer = new LogBuffer({ maxLines: 4 });
    const classes = new LogLineClasses(buffer);
    append(buffer, 'ERROR a', 'ERROR b', 'ERROR c', 'ERROR d');
    classes.classifyRange(0, 4);
    append(buffer, 'INFO e', 'DEBUG f');
    expect(buffer.firstSeq).toBe(2);
    expect([2, 3, 4, 5].map((seq) => classes.severityOf(seq))).toEqual(['error', 'error', 'info', 'debug']);
  });

  it('keeps what it knew when the buffer grows past its first size', () => {
    const buffer = new LogBuffer();
    const classes = new LogLineClasses(buffer);
    append(buffer, 'WARN first');
    expect(classes.severityOf(0)).toBe('warn');
    for (let i = 0; i < 5000; i++) append(buffer, i % 2 === 0 ? 'ERROR e' : 'INFO i');
    classes.classifyRange(buffer.firstSeq, buffer.endSeq);
    expect(classes.severityOf(0)).toBe('warn');
    expect(classes.severityOf(5000)).toBe('info');
    expect(classes.severityOf(4999)).toBe('error');
  });
});

describe('LogLineClasses.classifyRange', () => {
  it('reads every line as lineSeverity does: plain runs as bytes, the rest (and what the byte reader leaves) as text', () => {
    const kinds = [
      '{"level":"warn","msg":"plain json"}',
      '{"level":"info","msg":"日本語 ✓ 😀"}',
      '{"level":"w\\u0061rn"}',
      '{"level":45.5}',
      'lvl=error msg="x"',
      'level="err\\"or"',
      'E0501 12:00:00.123456 1 a.go:1] failed',
      '[debug] starting',
      'ERROR \u001b[31mred\u001b[0m',
      'no level at all',
      '{"level":"\\x"}',
      '\ttrace: tab first',
    ];
    // Small segments, so runs end at segment edges and old lines are dropped as the buffer wraps.
    const buffer = new LogBuffer({ capacityBytes: 16 * 1024, segmentBytes: 4096, maxLines: 5000 });
    for (let i = 0; i < 2000; i++) buffer.append({ timestamp: '', text: `${kinds[i % kinds.length] ?? ''}${i % 7 === 0 ? '' : ` #${i}`}` });
    const classes = new LogLineClasses(buffer);
    classes.classifyRange(buffer.firstSeq, buffer.endSeq);
    expect(buffer.firstSeq).toBeGreaterThan(0);
    for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) expect([seq, classes.severityOf(seq)]).toEqual([seq, lineSeverity(buffer.text(seq))]);
  });
});
