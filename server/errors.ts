// The one error shape of the API: { error: { code, message } } with a fitting status.
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function httpError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, code, message);
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
