/** key_description: 0 to 255 characters, counted in code points (§2, §7). */
import { defineSuite } from './support/suite.js';

defineSuite('description', (s) => {
  s.planned('CK-DESC-LENGTH-VALID');
  s.derived('CK-DESC-LENGTH-INVALID');
  s.planned('CK-DESC-CODE-POINTS');
  s.derived('CK-DESC-TYPE');
});
