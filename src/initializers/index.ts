export {
  zeros, ones, constant, randomUniform, randomNormal, truncatedNormalInit as truncatedNormal,
  varianceScaling, glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal,
  identity, orthogonal, getInitializer, computeFans,
} from './initializers.js';
export type { Initializer, InitializerLike, InitializerName, FanMode, Distribution } from './initializers.js';
