/**
 * A request as it arrived, whatever carried it (a socket, or the in-process wire), answered by the reference:
 * a body over the limit, a request target that is no path, and a bug of ours all get an answer in the
 * envelope, never a dropped connection.
 */
import { handle } from './app.js';
import type { Behaviour } from './behaviour.js';
import { reject } from './rejection.js';
import type { Reply } from './types.js';

export interface Arrived {
  readonly method: string;
  /** The request target as received: a path, or (rarely) an absolute URL. */
  readonly target: string;
  readonly scheme: 'http' | 'https';
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, or that it was larger than the behaviour's limit (what was read past it was dropped). */
  readonly body: Buffer | 'too-large';
}

/** A path that URL parsing would leave as it is: segments of unreserved characters, none "." or "..". */
const plainPath = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

function parseTarget(target: string, scheme: 'http' | 'https'): URL | undefined {
  try {
    return new URL(target, `${scheme}://reference.invalid`);
  } catch {
    return undefined;
  }
}

export function answer(behaviour: Behaviour, req: Arrived): Reply {
  try {
    if (req.body === 'too-large') {
      const refused = behaviour.error(reject(400, 'KMS.0203', `The limit is ${behaviour.bodyLimit} bytes.`));
      return { ...refused, headers: { ...refused.headers, connection: 'close' } };
    }
    // The path alone decides the route; a request target that is no URL is the client's error (the signed
    // host is read from the headers, not from here). A plain path (the usual case) is its own pathname: the
    // URL is parsed only if something reads it.
    const path = plainPath.test(req.target) ? req.target : parseTarget(req.target, req.scheme)?.pathname;
    if (path === undefined)
      return behaviour.error(reject(400, 'KMS.0201', 'The request target is not a path.'));
    return handle(behaviour, { ...req, path, body: req.body, now: new Date() });
  } catch (error) {
    // Our own bug, never the client's: answer in the envelope and say so on stderr.
    process.emitWarning(
      `reference server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return behaviour.reply(500, { error: { error_code: 'KMS.0101', error_msg: 'KMS error.' } });
  }
}
