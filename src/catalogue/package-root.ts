/**
 * Where the package's data lives (schemas/, pacts/, package.json), whether this code runs from the sources
 * (src/catalogue/) or from the build (dist/src/catalogue/).
 */
import { fileURLToPath } from 'node:url';

const above = new URL('../../', import.meta.url);
export const packageRoot = fileURLToPath(above.pathname.endsWith('/dist/') ? new URL('../', above) : above);

/** True when running from the build: the suites are compiled JavaScript under dist/. */
export const fromBuild = above.pathname.endsWith('/dist/');
