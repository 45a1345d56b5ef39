/** key_spec × key_usage × origin: the enumerations, their defaults and the cells between them (§2, §5, §7). */
import { checkDerived, checkPlanned } from './support/checks.js';

checkPlanned('CK-SPEC-ENUM-VALID');
checkDerived('CK-SPEC-ENUM-INVALID');
checkPlanned('CK-SPEC-DEFAULT');
checkPlanned('CK-SPEC-LATER-VALUES');
checkDerived('CK-USAGE-ENUM-INVALID');
checkPlanned('CK-USAGE-DEFAULT');
checkPlanned('CK-USAGE-VALID-COMBINATIONS');
checkDerived('CK-USAGE-SYMMETRIC-SIGN');
checkPlanned('CK-USAGE-ASYMMETRIC-ENCRYPT');
checkPlanned('CK-USAGE-EC-ENCRYPT');
checkPlanned('CK-ORIGIN-ENUM-VALID');
checkDerived('CK-ORIGIN-ENUM-INVALID');
checkPlanned('CK-ORIGIN-DEFAULT');
checkPlanned('CK-ORIGIN-EXTERNAL-ACCEPTED');
checkPlanned('CK-ORIGIN-EXTERNAL-STATE');
checkDerived('CK-ORIGIN-EXTERNAL-AES-ONLY');
checkPlanned('CK-ORIGIN-EXTERNAL-OTHER-SPECS');
