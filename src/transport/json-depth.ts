/**
 * How deep a JSON text nests, found by a scan rather than by parsing: a hostile body (thousands of opening
 * brackets) then costs neither stack nor memory. The client and the reference both refuse to parse past a limit.
 */
export const maxJsonDepth = 64;

/** The deepest nesting of brackets outside strings: a scan, so a hostile body cannot exhaust the stack. */
export function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}
