/**
 * `streamlake/testing`: tools to test streaming queries quickly and deterministically.
 * @module
 */
export { ManualClock } from './manual-clock.js'
export { MemoryStream, type MemoryStreamOptions } from './memory-stream.js'
export {
  addData,
  advanceClock,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  checkNewAnswer,
  expectFailure,
  startStream,
  stopStream,
  type StreamAction,
} from './stream-actions.js'
export { testStream, type TestStreamOptions } from './test-stream.js'
