/** Training callbacks: the `Callback` interface, History, progress output, and Keras's standard callbacks. */
export { type Callback, type Logs, CallbackList } from './callback.js';
export { History } from '../history.js';
export {
  ProgressLogger,
  type ProgressLoggerArgs,
  type ProgressStream,
  formatLogValue,
} from './progress.js';
export {
  EarlyStopping,
  type EarlyStoppingArgs,
  type MonitorMode,
  type StoppableModel,
  earlyStopping,
} from './earlyStopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs, reduceLROnPlateau } from './reduceLROnPlateau.js';
export {
  LearningRateScheduler,
  type EpochSchedule,
  type LearningRateModel,
  learningRateScheduler,
} from './learningRateScheduler.js';
export {
  CsvLogger,
  type CsvLoggerArgs,
  JsonLogger,
  type JsonLoggerArgs,
  type EpochRecord,
  csvLogger,
  jsonLogger,
} from './logger.js';
export {
  ModelCheckpoint,
  type ModelCheckpointArgs,
  formatCheckpointPath,
  modelCheckpoint,
} from './modelCheckpoint.js';
export { TensorBoard, type TensorBoardArgs, type TensorBoardModel, tensorBoard } from './tensorBoard.js';
