/** test/fixtures/keras-models/dotres-ecg-keras2.2.4/gru.h5 on its 200 test fragments (see dotres.ts). */
import { dotresTest } from './dotres.js';

dotresTest('gru.h5', '37,570');
