// Loaded with `node --import`: prints every package module the process loads, for the lazy-loading test.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.includes('/node_modules/')) process.stderr.write('IMPORT ' + resolved.url + '\\n');
  return resolved;
}`),
);
