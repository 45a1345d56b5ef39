/** Creates in parallel: distinct key_ids, and one alias created at most once (§3, §7). */
import { checkPlanned } from './support/checks.js';

checkPlanned('CK-CONCURRENT-DISTINCT-IDS');
checkPlanned('CK-CONCURRENT-ALIAS-ONCE');
