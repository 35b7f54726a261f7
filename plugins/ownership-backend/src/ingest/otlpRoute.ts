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
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { RejectedSpan } from '@service-ownership/plugin-ownership-common';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  OtlpDecodeError,
} from '@service-ownership/plugin-ownership-node';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { Writer } from 'protobufjs/minimal';
import { BodyReadError, InFlightBudget, readBody } from './readBody';
import { IngestPipeline } from './IngestPipeline';

type OtlpFormat = 'json' | 'protobuf';

/** gRPC status codes used in OTLP/HTTP error bodies (google.rpc.Status). */
const GRPC_CODE: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  413: 3,
  415: 3,
  429: 8, // RESOURCE_EXHAUSTED
  503: 14, // UNAVAILABLE
};

function formatOf(req: Request): OtlpFormat | undefined {
  const type = (req.headers['content-type'] ?? '')
    .toString()
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type === 'application/json') {
    return 'json';
  }
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    return 'protobuf';
  }
  return undefined;
}

/**
 * OTLP/HTTP mandates its own response bodies (ExportTraceServiceResponse on success, google.rpc.Status on
 * failure) in the encoding of the request, so this route writes them itself instead of throwing errors
 * for the Backstage error handler.
 */
function sendStatus(
  res: Response,
  format: OtlpFormat,
  status: number,
  message: string,
  retryAfterSeconds?: number,
) {
  if (retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(retryAfterSeconds));
  }
  const code = GRPC_CODE[status] ?? 2;
  if (format === 'protobuf') {
    const body = Writer.create()
      .uint32(8)
      .int32(code)
      .uint32(18)
      .string(message)
      .finish();
    res.status(status).type('application/x-protobuf').send(Buffer.from(body));
  } else {
    res.status(status).json({ code, message });
  }
}

function sendSuccess(
  res: Response,
  format: OtlpFormat,
  rejected: RejectedSpan[],
) {
  const errorMessage = summarizeRejections(rejected);
  if (format === 'protobuf') {
    let body = new Uint8Array(0);
    if (rejected.length > 0) {
      const partial = Writer.create()
        .uint32(8)
        .int64(rejected.length)
        .uint32(18)
        .string(errorMessage)
        .finish();
      body = Writer.create().uint32(10).bytes(partial).finish();
    }
    res.status(200).type('application/x-protobuf').send(Buffer.from(body));
    return;
  }
  res.status(200).json(
    rejected.length > 0
      ? {
          partialSuccess: {
            rejectedSpans: String(rejected.length),
            errorMessage,
          },
        }
      : {},
  );
}

/** The first few rejections, located, in one message; the count says how many there were in all. */
export function summarizeRejections(rejected: RejectedSpan[]): string {
  if (rejected.length === 0) {
    return '';
  }
  const shown = rejected
    .slice(0, 5)
    .map(r => `${r.location}: ${r.reason}`)
    .join('; ');
  const more = rejected.length > 5 ? ` (and ${rejected.length - 5} more)` : '';
  return `${rejected.length} span(s) rejected: ${shown}${more}`;
}

export interface OtlpRouteOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  pipeline: IngestPipeline;
  maxBodyBytes: number;
  budget: InFlightBudget;
  retryAfterSeconds: number;
}

/**
 * `POST /v1/traces`: the OTLP/HTTP trace receiver. Only service principals may call it, i.e. callers with
 * a Backstage `externalAccess` token (static or JWKS) or another backend plugin.
 */
export function createOtlpRouter(options: OtlpRouteOptions): express.Router {
  const { httpAuth, logger, pipeline, maxBodyBytes, budget } = options;
  const router = Router();

  router.post('/v1/traces', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const format = formatOf(req);
    if (!format) {
      sendStatus(
        res,
        'json',
        415,
        `Unsupported Content-Type "${
          req.headers['content-type'] ?? ''
        }"; send application/json or application/x-protobuf`,
      );
      return;
    }
    if (pipeline.isOverloaded()) {
      sendStatus(
        res,
        format,
        503,
        'The trace store is over its memory budget; retry after the Retry-After delay',
        options.retryAfterSeconds,
      );
      return;
    }

    let read: { body: Buffer; release: () => void };
    try {
      read = await readBody(req, { maxBytes: maxBodyBytes, budget });
    } catch (error) {
      if (error instanceof BodyReadError) {
        sendStatus(
          res,
          format,
          error.status,
          error.message,
          error.status === 429 ? options.retryAfterSeconds : undefined,
        );
        return;
      }
      throw error;
    }

    try {
      let result;
      if (format === 'json') {
        let parsed: unknown;
        try {
          parsed =
            read.body.length === 0
              ? {}
              : JSON.parse(read.body.toString('utf8'));
        } catch (error) {
          throw new OtlpDecodeError(
            `Request body is not valid JSON: ${(error as Error).message}`,
          );
        }
        result = decodeOtlpJson(parsed);
      } else {
        result = decodeOtlpProtobuf(read.body);
      }
      pipeline.ingest(result.spans, result.rejected.length);
      if (result.rejected.length > 0) {
        logger.debug(
          `OTLP partial success: ${summarizeRejections(result.rejected)}`,
        );
      }
      sendSuccess(res, format, result.rejected);
    } catch (error) {
      if (error instanceof OtlpDecodeError) {
        sendStatus(res, format, 400, error.message);
        return;
      }
      throw error;
    } finally {
      read.release();
    }
  });

  return router;
}
