// The hardware's limit for an HTTP endpoint in Node on this machine, for bench:ingest's `httpBare` mode: fastify alone
// (the server NestJS runs on in the api) answering POST /api/v1/municipalities/{code}/events with every event accepted —
// no NestJS, no authentication, no validation, no decision, no database. What any api written in Node would pay for
// HTTP and JSON before it does anything.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
app.get('/health', async () => ({ status: 'ok' }));
app.post<{ Body: { events: Array<{ eventId: string }> } }>('/api/v1/municipalities/:code/events', async (request) => ({
  results: request.body.events.map((e, i) => ({ eventId: e.eventId, status: 'accepted', position: String(i + 1) })),
}));
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
