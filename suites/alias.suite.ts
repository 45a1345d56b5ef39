/** key_alias: required, 1 to 255 characters of ^[a-zA-Z0-9:/_-]$, never ending in /default (§1, §2). */
import { checkDerived, checkPlanned } from './support/checks.js';

checkDerived('CK-ALIAS-REQUIRED');
checkPlanned('CK-ALIAS-LENGTH-VALID');
checkDerived('CK-ALIAS-LENGTH-INVALID');
checkPlanned('CK-ALIAS-CHARSET-VALID');
checkDerived('CK-ALIAS-CHARSET-INVALID');
checkDerived('CK-ALIAS-DEFAULT-SUFFIX');
checkPlanned('CK-ALIAS-DEFAULT-LOOKALIKE');
checkDerived('CK-ALIAS-TYPE');
