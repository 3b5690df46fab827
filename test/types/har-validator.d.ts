// har-validator ships no types: the one call the tests make.
declare module 'har-validator' {
  /** Resolves with the document when it is valid HAR 1.2; rejects with an error carrying `errors` (ajv's). */
  export function har(data: unknown): Promise<unknown>;
}
