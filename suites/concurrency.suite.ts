/** Creates in parallel: distinct key_ids, and one alias created at most once (§3, §7). */
import { aliasOnce, distinctInParallel } from '../src/judge/keys.js';
import { defineSuite } from './support/suite.js';

defineSuite('concurrency', (s) => {
  s.facts('CK-CONCURRENT-DISTINCT-IDS', 'creates in parallel', distinctInParallel);
  s.facts('CK-CONCURRENT-ALIAS-ONCE', 'creates of one alias at once', aliasOnce);
});
