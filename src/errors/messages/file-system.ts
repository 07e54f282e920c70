import { defineMessages } from './catalogue-entry.js'

/**
 * File-system failures of our own reads and writes (checkpoint, Delta table, input, late and bad
 * record tables). Each says which path, what to fix, and that a restart after the fix resumes
 * exactly once: every write streamlake makes is published atomically, so a failed step leaves
 * nothing half-committed (at most a temp file that the next run ignores).
 */
export const FILE_SYSTEM_MESSAGES = defineMessages({
  SL_FS_CANNOT_CREATE_DIRECTORY: {
    domain: 'user',
    retryable: false,
    template:
      'Cannot create the directory <path> (<syscall>: <errno>): its parent is a dangling symbolic link or a special file system that accepts no new directories (such as /proc or /sys). Give a path on an ordinary writable file system.',
  },
  SL_FS_IO_ERROR: {
    domain: 'external',
    retryable: true,
    template:
      'The device holding <path> reported an I/O error (<syscall>: <errno>). Check the disk (dmesg, SMART), then start the query again: it resumes from its checkpoint, and every batch is written exactly once.',
  },
  SL_FS_NOT_A_DIRECTORY: {
    domain: 'user',
    retryable: false,
    template:
      'A part of the path <path> is a file, not a directory (<syscall>: <errno>). Fix the path, or move the file that stands where a directory is expected, then start again.',
  },
  SL_FS_NO_SPACE: {
    domain: 'external',
    retryable: true,
    template:
      'No space left on the device holding <path> (<syscall>: <errno>). The failed step committed nothing. Free space on that device, then start the query again: it resumes from its checkpoint, and every batch is written exactly once. Keep the checkpoint and its table: a new checkpoint would write the table again.',
  },
  SL_FS_PERMISSION_DENIED: {
    domain: 'user',
    retryable: false,
    template:
      'Permission denied on <path> (<syscall>: <errno>). The user running streamlake needs read and write access to the checkpoint, the tables and read access to the input: fix the owner or mode (chown, chmod), then start the query again: it resumes from its checkpoint, exactly once.',
  },
  SL_FS_READ_ONLY: {
    domain: 'external',
    retryable: true,
    template:
      'The file system holding <path> is read-only (<syscall>: <errno>). streamlake writes its checkpoint and tables there: remount it read-write (or copy the checkpoint and the table together to a writable place and use both new paths), then start the query again: it resumes from its checkpoint, exactly once.',
  },
  SL_FS_TOO_MANY_OPEN_FILES: {
    domain: 'external',
    retryable: true,
    template:
      'Too many open files while opening <path> (<syscall>: <errno>). Raise the limit (ulimit -n) or run fewer queries in this process, then start the query again: it resumes from its checkpoint, exactly once.',
  },
})
