import { HttpError } from '../http/json-error.js';

/**
 * Refuses (415) a body that is not declared `application/json` (a `charset` parameter, if any,
 * must be UTF-8). Besides saying what the routes read, this keeps other websites out: a page may
 * send a `text/plain` or form body cross-site without asking the server first, but a JSON body
 * from another origin needs a CORS preflight, which only `allowedOrigins` answers.
 */
export function requireJsonBody(request: Request): void {
  const header = request.headers.get('content-type');
  if (header !== null && isJson(header)) return;
  const got = header === null ? 'none' : JSON.stringify(header.slice(0, 100));
  throw new HttpError(
    415,
    'unsupported_media_type',
    `The request body must be JSON sent with Content-Type: application/json (got ${got}).`,
    'content-type',
  );
}

function isJson(header: string): boolean {
  const [type = '', ...parameters] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}
