/**
 * The `layers` namespace, named as in TensorFlow.js: `layers.lstm({ units: 32 })`.
 */
export { Layer, type LayerArgs, type ApplyOptions, type CallArgs, type LayerVariable, type Shape } from './layer.js';
export { RecurrentLayer, type RecurrentArgs } from './recurrent.js';
export { LSTM, lstm, type LSTMArgs } from './lstm.js';
export { GRU, gru, type GRUArgs } from './gru.js';
export { SimpleRNN, simpleRNN, type SimpleRNNArgs } from './simpleRnn.js';
export { Dense, dense, type DenseArgs } from './dense.js';
export { Embedding, embedding, type EmbeddingArgs } from './embedding.js';
export { Dropout, dropout, type DropoutArgs } from './dropout.js';
export { Bidirectional, bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
export { TimeDistributed, timeDistributed, type TimeDistributedArgs } from './timeDistributed.js';
export { Masking, masking, type MaskingArgs } from './masking.js';
export { LayerNormalization, layerNormalization, type LayerNormalizationArgs } from './layerNormalization.js';
export { Activation, activation, type ActivationArgs } from './activation.js';
export type { ActivationName, RecurrentActivationName, ScalarActivation } from '../ops/activations.js';
export { Flatten, flatten, type FlattenArgs } from './flatten.js';
export { Reshape, reshape, type ReshapeArgs } from './reshape.js';
export { Conv1D, conv1d, type Conv1DArgs, type Padding1D } from './conv/conv1d.js';
export { Pooling1D, MaxPooling1D, AveragePooling1D, maxPooling1d, averagePooling1d, type Pooling1DArgs } from './conv/pooling1d.js';
export { GlobalPooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, globalAveragePooling1d, globalMaxPooling1d, type GlobalPooling1DArgs } from './conv/globalPooling1d.js';
export { BatchNormalization, batchNormalization, type BatchNormalizationArgs } from './batchNormalization.js';
export { Merge, type MergeArgs } from './merge/merge.js';
export { Add, add } from './merge/add.js';
export { Subtract, subtract } from './merge/subtract.js';
export { Multiply, multiply } from './merge/multiply.js';
export { Average, average } from './merge/average.js';
export { Maximum, maximum } from './merge/maximum.js';
export { Minimum, minimum } from './merge/minimum.js';
export { Concatenate, concatenate, type ConcatenateArgs } from './merge/concatenate.js';
export { Dot, dot, type DotArgs } from './merge/dot.js';
export { RepeatVector, repeatVector, type RepeatVectorArgs } from './repeatVector.js';
export { Permute, permute, type PermuteArgs } from './permute.js';
export { Attention, attention, type AttentionArgs, type AttentionScoreMode } from './attention/attention.js';
export { AdditiveAttention, additiveAttention, type AdditiveAttentionArgs } from './attention/additiveAttention.js';
export { MultiHeadAttention, multiHeadAttention, type MultiHeadAttentionArgs } from './attention/multiHeadAttention.js';
export { BaseAttention, type BaseAttentionArgs } from './attention/baseAttention.js';
