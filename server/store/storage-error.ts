// The store's faults, whatever the engine. StorageError: a write the storage could not take; each
// engine sorts its own errors into it (Store.storageError; SQLite: sqlite/sqlite-errors.ts), the
// capture path and the API answer it 507 `storage_full`, /healthz reports it, hookscope_storage_errors_total
// counts it. StoreOpenError: the database cannot be used at all; one line for the user, exit 1.

/**
 * full: no space (disk full, a size limit of the engine); io: the device failed a read or write;
 * readonly: the file or file system stopped taking writes; corrupt: the file is damaged.
 */
export type StorageFaultKind = 'full' | 'io' | 'readonly' | 'corrupt';

export class StorageError extends Error {
  readonly kind: StorageFaultKind;
  /** The engine's own code (SQLITE_FULL, SQLITE_IOERR_WRITE, ...), for logs and metrics. */
  readonly engineCode: string;
  constructor(kind: StorageFaultKind, engineCode: string, message: string) {
    super(message);
    this.kind = kind;
    this.engineCode = engineCode;
  }
}

/** What a person reads in the 507 answer, /healthz and the viewer banner. */
export const faultSummary: Record<StorageFaultKind, string> = {
  full: 'the disk or database is full',
  io: 'the disk failed a read or write',
  readonly: 'the database stopped accepting writes (read-only)',
  corrupt: 'the database file is damaged',
};

/**
 * The database cannot be opened or used: held by another process, not a database, damaged, read-only,
 * a directory that cannot be created... The message is one line naming the place, what is wrong and
 * what to do; the CLI prints it and exits 1.
 */
export class StoreOpenError extends Error {
  /** Where (a path, a URL without its password). */
  readonly location: string;
  constructor(location: string, problem: string, remedy: string) {
    super(`--db ${location}: ${problem}; ${remedy}`);
    this.location = location;
  }
}
