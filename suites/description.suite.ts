/** key_description: 0 to 255 characters, counted in code points (§2, §7). */
import { checkDerived, checkPlanned } from './support/checks.js';

checkPlanned('CK-DESC-LENGTH-VALID');
checkDerived('CK-DESC-LENGTH-INVALID');
checkPlanned('CK-DESC-CODE-POINTS');
checkDerived('CK-DESC-TYPE');
