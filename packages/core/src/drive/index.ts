export * from './drive.js';
export * from './target.js';
export {
  type DriveWriteOptions,
  type Progress,
  planChunkSize,
  type ResumeOptions,
} from './upload.js';
