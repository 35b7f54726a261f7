/*
 * Copyright 2026 The Service Ownership for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
import { Request } from 'express';
import zlib from 'zlib';

/** Why a request body could not be read; mapped to an HTTP status by the receiver. */
export class BodyReadError extends Error {
  constructor(readonly status: 400 | 413 | 415 | 429, message: string) {
    super(message);
    this.name = 'BodyReadError';
  }
}

/**
 * Accounts bytes of request bodies being read, so the receiver refuses load (429) instead of queueing
 * without bound.
 */
export class InFlightBudget {
  private used = 0;
  constructor(readonly maxBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.maxBytes && this.used > 0) {
      return false;
    }
    this.used += bytes;
    return true;
  }

  release(bytes: number) {
    this.used = Math.max(0, this.used - bytes);
  }
}

/**
 * Reads a request body, decompressing gzip or deflate on the fly, and stops as soon as the DECOMPRESSED
 * size exceeds `maxBytes` (413): a zip bomb costs at most `maxBytes` plus one chunk, never its full size.
 * Bytes read are reserved in `budget` until the returned `release` is called; when the budget is full the
 * read is refused with 429 before more is buffered.
 */
export async function readBody(
  req: Request,
  options: { maxBytes: number; budget: InFlightBudget },
): Promise<{ body: Buffer; release: () => void }> {
  const { maxBytes, budget } = options;
  const encoding = (req.headers['content-encoding'] ?? 'identity')
    .toString()
    .trim()
    .toLowerCase();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyReadError(
      413,
      `Request body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`,
    );
  }

  let source: NodeJS.ReadableStream;
  switch (encoding) {
    case 'identity':
    case '':
      source = req;
      break;
    case 'gzip':
    case 'x-gzip':
      source = req.pipe(zlib.createGunzip());
      break;
    case 'deflate':
      source = req.pipe(zlib.createInflate());
      break;
    default:
      throw new BodyReadError(
        415,
        `Unsupported Content-Encoding "${encoding}"; use gzip or none`,
      );
  }

  const chunks: Buffer[] = [];
  let total = 0;
  const release = () => budget.release(total);
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) {
          return;
        }
        failed = true;
        req.unpipe();
        req.resume();
        if (source !== req) {
          (source as zlib.Gunzip).destroy();
        }
        reject(error);
      };
      source.on('data', (chunk: Buffer) => {
        if (failed) {
          return;
        }
        if (total + chunk.length > maxBytes) {
          fail(
            new BodyReadError(
              413,
              `Request body exceeds the limit of ${maxBytes} bytes after decompression`,
            ),
          );
          return;
        }
        if (!budget.tryReserve(chunk.length)) {
          fail(
            new BodyReadError(
              429,
              'The ingest queue is full; retry after the Retry-After delay',
            ),
          );
          return;
        }
        total += chunk.length;
        chunks.push(chunk);
      });
      source.on('end', () => {
        if (!failed) {
          resolve();
        }
      });
      source.on('error', (error: Error) =>
        fail(
          new BodyReadError(
            400,
            `Could not decompress the ${encoding} request body: ${error.message}`,
          ),
        ),
      );
      req.on('aborted', () =>
        fail(new BodyReadError(400, 'The client aborted the request')),
      );
    });
  } catch (error) {
    release();
    throw error;
  }
  return { body: Buffer.concat(chunks, total), release };
}
