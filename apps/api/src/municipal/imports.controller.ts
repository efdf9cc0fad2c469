import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { ImportFileError, ImportService, isEventType } from '@puljeflow/application';
import { TASK_QUEUE, importWorkflowId } from '@puljeflow/workflows';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { ProblemError, problems } from '../http/problem';
import { PG_POOL, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** docs/municipal-api.md "Bulk files": NDJSON or a CSV of one event type; 202 at once, decided in the background. */
@Controller('api/v1/municipalities/:municipalityCode/imports')
@UseGuards(MunicipalKeyGuard)
export class ImportsController {
  private readonly imports: ImportService;

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.imports = new ImportService(pool);
  }

  @Post()
  @HttpCode(202)
  async receive(@Param('municipalityCode') code: string, @Query('type') type: unknown, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    // No body and no type is a malformed request (400), not a file of a type we do not take (415).
    if (!contentType && (body === undefined || body === null || body === '')) throw problems.validation('The file is empty: send it as application/x-ndjson or text/csv.', []);
    const format = contentType === 'application/x-ndjson' ? 'ndjson' : contentType === 'text/csv' ? 'csv' : null;
    if (!format) throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send application/x-ndjson (one event envelope a line) or text/csv with ?type=<event type>.');
    if (format === 'csv' && !isEventType(type)) throw problems.validation('A CSV file needs ?type=<event type>: every row is an event of that type.', [{ path: 'type', code: 'invalid_enum_value', message: 'an event type of docs/municipal-api.md' }]);
    if (typeof body !== 'string') throw problems.validation('The file is empty.', []);
    let received;
    try {
      received = await this.imports.receive(code, format, format === 'csv' ? (type as never) : null, body);
    } catch (err) {
      if (err instanceof ImportFileError) throw err.status === 413 ? problems.tooLarge(err.message) : problems.validation(err.message, []);
      throw err;
    }
    await this.start(received.importId);
    void reply.header('Location', `/api/v1/municipalities/${code}/imports/${received.importId}`);
    return { importId: received.importId, status: received.status };
  }

  @Get(':importId')
  async status(@Param('municipalityCode') code: string, @Param('importId') importId: string) {
    const status = await this.imports.status(importId, code);
    if (!status) throw problems.notFound(`Municipality ${code} has sent no import '${importId}'.`);
    return status;
  }

  /** The import's workflow; its id is the import's, so sending the same file again starts nothing new. */
  private async start(importId: string) {
    try {
      await this.temporal.workflow.start('importWorkflow', {
        workflowId: importWorkflowId(importId),
        taskQueue: TASK_QUEUE,
        args: [{ importId }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
