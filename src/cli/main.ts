import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

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
importCommand
  .command('oneroster')
  .argument('<path>', 'folder or .zip of OneRoster 1.1 CSV files')
  .action(async (p: string) => {
    const { importRosterCommand } = await import('./import-roster.ts');
    process.exitCode = await importRosterCommand(config().database, 'oneroster', p, out);
  });
importCommand
  .command('csv')
  .argument('<file>', 'plain CSV file, one line per student in a class group (template: README)')
  .action(async (p: string) => {
    const { importRosterCommand } = await import('./import-roster.ts');
    process.exitCode = await importRosterCommand(config().database, 'csv', p, out);
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

await program.parseAsync(process.argv);
