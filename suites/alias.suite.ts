/** key_alias: required, 1 to 255 characters of ^[a-zA-Z0-9:/_-]$, never ending in /default (§1, §2). */
import { defineSuite } from './support/suite.js';

defineSuite('alias', (s) => {
  s.derived('CK-ALIAS-REQUIRED');
  s.planned('CK-ALIAS-LENGTH-VALID');
  s.derived('CK-ALIAS-LENGTH-INVALID');
  s.planned('CK-ALIAS-CHARSET-VALID');
  s.derived('CK-ALIAS-CHARSET-INVALID');
  s.derived('CK-ALIAS-DEFAULT-SUFFIX');
  s.planned('CK-ALIAS-DEFAULT-LOOKALIKE');
  s.derived('CK-ALIAS-TYPE');
});
