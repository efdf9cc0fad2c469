import fs from 'node:fs';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { buildOpenApiDocument, renderApiDocsHtml, swaggerUiAsset } from '@puljeflow/contracts';
import { problems } from './http/problem';
import { htmlPagePolicy } from './http/security-headers';

/** The published description: OpenAPI 3.1 generated from the zod schemas that validate requests, and a page to browse it. */
@Controller()
export class DocsController {
  private document: unknown;

  @Get('api/v1/openapi.json')
  openApi() {
    this.document ??= buildOpenApiDocument();
    return this.document;
  }

  private readonly page = renderApiDocsHtml({ specUrl: '/api/v1/openapi.json', assetsBase: '/api/docs/assets' });
  private readonly pagePolicy = htmlPagePolicy(this.page);

  @Get('api/docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-security-policy', this.pagePolicy);
    return this.page;
  }

  /** Swagger UI's files from the npm package, served here (no CDN). */
  @Get('api/docs/assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = swaggerUiAsset(file);
    if (!asset) throw problems.notFound(`No docs asset '${file}'.`);
    void reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=3600').send(fs.createReadStream(asset.path));
  }
}
