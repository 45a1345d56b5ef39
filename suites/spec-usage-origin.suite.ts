/** key_spec × key_usage × origin: the enumerations, their defaults and the cells between them (§2, §5, §7). */
import { defineSuite } from './support/suite.js';

defineSuite('spec-usage-origin', (s) => {
  s.planned('CK-SPEC-ENUM-VALID');
  s.derived('CK-SPEC-ENUM-INVALID');
  s.planned('CK-SPEC-DEFAULT');
  s.planned('CK-SPEC-LATER-VALUES');
  s.derived('CK-USAGE-ENUM-INVALID');
  s.planned('CK-USAGE-DEFAULT');
  s.planned('CK-USAGE-VALID-COMBINATIONS');
  s.derived('CK-USAGE-SYMMETRIC-SIGN');
  s.planned('CK-USAGE-ASYMMETRIC-ENCRYPT');
  s.planned('CK-USAGE-EC-ENCRYPT');
  s.planned('CK-ORIGIN-ENUM-VALID');
  s.derived('CK-ORIGIN-ENUM-INVALID');
  s.planned('CK-ORIGIN-DEFAULT');
  s.planned('CK-ORIGIN-EXTERNAL-ACCEPTED');
  s.planned('CK-ORIGIN-EXTERNAL-STATE');
  s.derived('CK-ORIGIN-EXTERNAL-AES-ONLY');
  s.planned('CK-ORIGIN-EXTERNAL-OTHER-SPECS');
});
