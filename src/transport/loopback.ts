/** Whether a URL points at this machine (or this process): such targets get no pacing and no key cap by default. */
export function isLoopback(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'inproc:') return true;
  const host = parsed.hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}
