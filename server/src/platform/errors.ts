/** The one error type of the application: a stable code, an HTTP status, an optional field path. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    /** Developer-facing detail; the client-facing message is looked up by code in the user's language. */
    message: string = code,
    public readonly field?: string,
    public readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, field?: string, extra?: Record<string, unknown>) =>
  new AppError(400, code, code, field, extra);
export const unauthorized = (code = 'unauthenticated') => new AppError(401, code);
export const forbidden = (code = 'forbidden') => new AppError(403, code);
export const notFound = (what: string, field?: string) => new AppError(404, 'not_found', `${what} not found`, field, { what });
export const conflict = (code: string, field?: string) => new AppError(409, code, code, field);
