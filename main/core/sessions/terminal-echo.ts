// Output that may be nothing but the terminal echoing our own input. For a tty exec a runtime
// may open the pty and start copying stdin into it before it finds out whether the executable
// exists (kwok does, see test/cluster/README.md; any runtime that sets up the console before it
// starts the process can). The pty's line discipline echoes what arrives whether or not a process
// ever reads it, so a shell candidate that does not exist can still "print" the keystrokes typed
// ahead, just before its not-found answer. Such output says nothing about the candidate and must
// not confirm it.
//
// The model is the Linux line discipline with a fresh pty's settings: ICRNL (CR arrives as LF),
// ECHO, and OPOST|ONLCR (LF is written as CR LF). Printable characters, tab and UTF-8 echo as
// themselves, CR and LF as CR LF. Every other control character (erase, Ctrl-C, the ESC of an
// arrow key, Ctrl-D) echoes in ways that depend on more settings (ECHOCTL, ECHOE, ISIG, ICANON)
// or not at all, so the model stops there: output beyond that point is not taken for echo.

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const DEL = 0x7f;
const CRLF = Uint8Array.of(CR, LF);

export class TerminalEcho {
  /** The echo expected for the input sent so far, as a list of pieces, and how much was seen. */
  readonly #expected: Uint8Array[] = [];
  #piece = 0;
  #offset = 0;
  /** Input with a character the model cannot echo was sent: expect nothing beyond it. */
  #stopped = false;

  /** Records input sent to the process's terminal. */
  sent(input: Uint8Array): void {
    if (this.#stopped) return;
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const byte = input[i] as number;
      if (byte === CR || byte === LF) {
        this.#push(input.subarray(start, i));
        this.#expected.push(CRLF);
        start = i + 1;
      } else if ((byte < 0x20 && byte !== TAB) || byte === DEL) {
        this.#push(input.subarray(start, i));
        this.#stopped = true;
        return;
      }
    }
    this.#push(input.subarray(start));
  }

  /**
   * Whether `output` is exactly the next part of the echo of what was sent; if so it counts as
   * seen. Output that goes beyond the echo, or differs from it, is not echo and is not consumed.
   */
  accepts(output: Uint8Array): boolean {
    let piece = this.#piece;
    let offset = this.#offset;
    for (const byte of output) {
      const expected = this.#expected[piece];
      if (expected === undefined || expected[offset] !== byte) return false;
      offset += 1;
      if (offset === expected.length) {
        piece += 1;
        offset = 0;
      }
    }
    this.#piece = piece;
    this.#offset = offset;
    return true;
  }

  #push(bytes: Uint8Array): void {
    // A copy: the caller may reuse its buffer.
    if (bytes.length > 0) this.#expected.push(bytes.slice());
  }
}
