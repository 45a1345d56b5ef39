/** sequence, enterprise_project_id, keystore_id, null for optional fields, unknown fields (§2, §5, §7). */
import { defineSuite } from './support/suite.js';

defineSuite('optional-fields', (s) => {
  s.planned('CK-SEQUENCE-VALID');
  s.planned('CK-SEQUENCE-LENGTH');
  s.planned('CK-SEQUENCE-REPEAT');
  s.derived('CK-SEQUENCE-TYPE');
  s.planned('CK-ENTERPRISE-PROJECT');
  s.planned('CK-NULL-OPTIONAL');
  s.planned('CK-UNKNOWN-FIELDS');
  s.derived('CK-KEYSTORE-ID');
});
