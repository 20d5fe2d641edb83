/** test/fixtures/keras-models/dotres-ecg-keras2.2.4/lstm.h5 on its 200 test fragments (see dotres.ts). */
import { dotresTest } from './dotres.js';

dotresTest('lstm.h5', '50,050');
