// OpenAPI for the API, generated from the zod schemas that validate requests, and Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';

export const DOCS_PREFIX = '/docs';

/** Must be registered before the routes it describes: it collects them as they are added. */
export function registerDocs(app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>) {
  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'EdgeQL Executor',
        description: 'Runs EdgeQL custom JavaScript nodes in fresh hardened Docker containers. See the README for the codes and limits.',
        version: '0.1.0',
      },
    },
    transform: createJsonSchemaTransform({ skipList: [] }),
  });
  void app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
