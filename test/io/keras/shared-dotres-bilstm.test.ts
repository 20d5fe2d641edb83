/** test/fixtures/keras-models/dotres-ecg-keras2.2.4/bilstm.h5 on its 200 test fragments (see dotres.ts). */
import { dotresTest } from './dotres.js';

dotresTest('bilstm.h5', '52,322');
