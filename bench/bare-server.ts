/**
 * The reference points of the roster-read benchmark: bare Fastify JSON routes, nothing else.
 * - `/bare`: the smallest JSON answer (the benchmark's baseline);
 * - `/bare-class-list`: a fixed class list of the demo's size (a group, a teacher and 25
 *   students), sent from the same UTF-8 bytes each time as Balise sends a cached class list: what
 *   the answer's size alone costs, apart from sign-in, authorization and the audit.
 * Started as a child process by bench/roster-read-bench.ts; prints one JSON line
 * `{"url": "..."}` on standard output once listening, and exits when its stdin closes.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const person = (i: number) => ({ id: randomUUID(), givenName: `Prénom${i}`, familyName: `Nom-de-famille-${i}` });
const classList = {
  classGroup: {
    id: randomUUID(), name: 'Groupe 3A', code: null, grades: '03', schoolId: randomUUID(), schoolName: 'École primaire des Bleuets',
    schoolYear: { id: randomUUID(), name: '2026-2027' },
  },
  teachers: [person(0)],
  students: Array.from({ length: 25 }, (_, i) => ({ ...person(i + 1), preferredName: null })),
};

const app = Fastify();
app.get('/bare', () => ({ ok: true }));
const classListJson = Buffer.from(JSON.stringify(classList));
app.get('/bare-class-list', (_request, reply) => reply.type('application/json; charset=utf-8').send(classListJson));

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: address })}\n`);

// The parent closing our stdin (or dying) ends us.
process.stdin.resume();
process.stdin.on('end', () => void app.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
