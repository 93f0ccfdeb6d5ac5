// HTTP plumbing for the Kubernetes API: reading bodies with a cap, content types, and writing
// JSON / Status answers.
import type http from 'node:http';
import yaml from 'js-yaml';
import { ApiError } from '../errors';
import { decodeProtobufObject } from './protobuf';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'RequestEntityTooLarge', `the request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Decodes a create/update body (JSON or YAML); `kindForMessage` names the expected type in errors. */
export function decodeObject(body: Buffer, type: string, kindForMessage: string): unknown {
  const text = body.toString('utf8');
  if (type === '' || type === 'application/json' || type === '*/*') {
    try {
      return JSON.parse(text);
    } catch (err) {
      const snippet = text.length > 30 ? `${text.slice(0, 30)} ...` : text;
      throw new ApiError(
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ${kindForMessage}): couldn't get version/kind; json parse error: ${(err as Error).message} (${snippet})`,
      );
    }
  }
  if (type === 'application/yaml') {
    try {
      return yaml.load(text);
    } catch (err) {
      throw new ApiError(400, 'BadRequest', `the object provided is unrecognized (must be of type ${kindForMessage}): ${(err as Error).message}`);
    }
  }
  if (type === 'application/vnd.kubernetes.protobuf') {
    const decoded = decodeProtobufObject(body, kindForMessage);
    if (decoded) return decoded;
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
  );
}

const indented = new WeakSet<http.ServerResponse>();

/** JSON answers on this response are indented by two spaces, as the apiserver's pretty printer does. */
export function answerIndented(res: http.ServerResponse) {
  indented.add(res);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, contentType = 'application/json') {
  if (res.headersSent) {
    res.end();
    return;
  }
  // Encoded once: Buffer.byteLength of the string and then writing it would walk a list page
  // (~750 KB) twice, and the length scan alone was a fifth of a 150,000-pod list's server time.
  const bytes = Buffer.from(indented.has(res) ? JSON.stringify(body, null, 2) : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, 'Cache-Control': 'no-cache, private' });
  res.end(bytes);
}

export function sendStatus(res: http.ServerResponse, err: ApiError) {
  sendJson(res, err.code, err.toStatus());
}

export function sendText(res: http.ServerResponse, status: number, text: string) {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
