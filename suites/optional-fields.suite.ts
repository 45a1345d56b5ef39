/** sequence, enterprise_project_id, keystore_id, null for optional fields, unknown fields (§2, §5, §7). */
import { checkDerived, checkPlanned } from './support/checks.js';

checkPlanned('CK-SEQUENCE-VALID');
checkPlanned('CK-SEQUENCE-LENGTH');
checkPlanned('CK-SEQUENCE-REPEAT');
checkDerived('CK-SEQUENCE-TYPE');
checkPlanned('CK-ENTERPRISE-PROJECT');
checkPlanned('CK-NULL-OPTIONAL');
checkPlanned('CK-UNKNOWN-FIELDS');
checkDerived('CK-KEYSTORE-ID');
