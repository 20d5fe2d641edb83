/**
 * Every layer codec beyond the built-in table in `layerRegistry.ts`, one import per family.
 * Adding a layer class to the file formats means adding its codec here.
 */
import type { LayerCodec } from './codec.js';
import { convolutionCodecs } from './convolution.js';
import { mergeCodecs } from './merge.js';
import { attentionCodecs } from './attention.js';
import { recurrentCodecs } from './recurrent.js';

export const layerCodecs: readonly LayerCodec[] = [
  ...convolutionCodecs,
  ...mergeCodecs,
  ...attentionCodecs,
  ...recurrentCodecs,
];
