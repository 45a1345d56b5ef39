/**
 * Colour for people at a terminal, never for logs: only when the stream is a TTY, and never with NO_COLOR
 * (https://no-color.org: set and not empty) or TERM=dumb.
 */
export interface Paint {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  const on = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return on
    ? {
        red: sgr(31, 39),
        green: sgr(32, 39),
        yellow: sgr(33, 39),
        magenta: sgr(35, 39),
        dim: sgr(2, 22),
        bold: sgr(1, 22),
      }
    : { red: plain, green: plain, yellow: plain, magenta: plain, dim: plain, bold: plain };
}

export const noPaint: Paint = paintFor({});
