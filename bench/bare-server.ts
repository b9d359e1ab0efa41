/**
 * The reference point of the roster-read benchmark: a bare Fastify JSON route, nothing else.
 * Started as a child process by bench/roster-read-bench.ts; prints one JSON line
 * `{"url": "..."}` on standard output once listening, and exits when its stdin closes.
 */
import Fastify from 'fastify';

const app = Fastify();
app.get('/bare', () => ({ ok: true }));

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: address })}\n`);

// The parent closing our stdin (or dying) ends us.
process.stdin.resume();
process.stdin.on('end', () => void app.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
