import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { ROSTER_HOLD_SHARE } from '../domain/roster/import-hold.ts';

// Output piped to a reader that stops early (`| head -1`): the rest is dropped, the command still
// finishes what it started (an import is not cut short) and exits with its own code (issue 16 B4).
let outputClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  outputClosed = true;
});
const out = (line: string) => {
  if (!outputClosed) process.stdout.write(`${line}\n`);
};

function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command('balise').description('Balise — school board communication under its own privacy rules');

program
  .command('serve')
  .description('Start Balise (SQLite + local files by default; demo data on first start)')
  .action(async () => {
    const c = config();
    const { startBalise } = await import('../server/start.ts');
    const running = await startBalise(c);
    running.app.log.info({ database: c.database.dialect, mail: running.ctx.mailer.describe }, `Balise is listening on ${c.publicUrl}`);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

const importCommand = program.command('import').description('Import a roster (the whole board: whoever is absent is ended)');
/** Progress on a terminal only, one line rewritten in place; nothing when the output is piped (issue 16 B8). */
const progressLine = () =>
  process.stdout.isTTY ? (text: string) => process.stdout.write(text ? `\r\x1b[K${text}` : '\r\x1b[K') : undefined;
const importOptions = (opts: { confirmEnding?: boolean }) => ({ confirmEnding: opts.confirmEnding === true, progress: progressLine() });
const confirmEnding = [
  '--confirm-ending',
  `go ahead even if the import ends more than ${ROSTER_HOLD_SHARE * 100} % of the board’s students, staff or guardian links`,
] as const;
importCommand
  .command('oneroster')
  .argument('<paths...>', 'folder or .zip of OneRoster 1.1 CSV files, or the .csv files themselves')
  .option(...confirmEnding)
  .action(async (paths: string[], opts: { confirmEnding?: boolean }) => {
    const { importRosterCommand } = await import('./import-roster.ts');
    process.exitCode = await importRosterCommand(config().database, 'oneroster', paths, out, importOptions(opts));
  });
importCommand
  .command('csv')
  .argument('<file>', 'plain CSV file, one line per student in a class group (template: README)')
  .option(...confirmEnding)
  .action(async (p: string, opts: { confirmEnding?: boolean }) => {
    const { importRosterCommand } = await import('./import-roster.ts');
    process.exitCode = await importRosterCommand(config().database, 'csv', p, out, importOptions(opts));
  });

program
  .command('audit')
  .description('Audit log')
  .command('verify')
  .description('Check the hash chain and name the first broken entry')
  .action(async () => {
    const { auditVerifyCommand } = await import('./audit-verify.ts');
    process.exitCode = await auditVerifyCommand(config().database, out);
  });

const demoCommand = program.command('demo').description('Demonstration data (fictitious people; public password)');
demoCommand
  .command('remove')
  .description('Remove every demo row in one transaction, before importing a real roster (the audit log is kept)')
  .action(async () => {
    const { demoRemoveCommand } = await import('./demo.ts');
    process.exitCode = await demoRemoveCommand(config().database, out);
  });

program
  .command('staff')
  .description('Staff of the board')
  .command('grant')
  .description('Give a board role to the staff member with this e-mail (added if the board has nobody by that address)')
  .argument('<email>', 'e-mail address of the staff member')
  .argument('<role>', 'director_general or privacy_officer')
  .option('--given-name <name>', 'given name, to add a staff member')
  .option('--family-name <name>', 'family name, to add a staff member')
  .action(async (email: string, role: string, opts: { givenName?: string; familyName?: string }) => {
    const { staffGrantCommand } = await import('./staff.ts');
    process.exitCode = await staffGrantCommand(config().database, { email, role, ...opts }, out);
  });

await program.parseAsync(process.argv);
