import type { ParsedMail } from 'mailparser';
import { startTestBalise, type TestBalise, type TestDialect } from './balise.ts';
import { startSmtpCapture } from './smtp-capture.ts';

export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;

export interface BaliseWithMailbox extends TestBalise {
  /** Every mail this Balise sends lands here. */
  smtp: SmtpCapture;
  /** Forgets every e-mailed link issued (the per-person windows count them) and empties the mailbox. */
  clearLinksAndMail(): Promise<void>;
}

/** A test Balise (see `startTestBalise`) that sends its mail to an SMTP capture; `close()` stops both. */
export async function startBaliseWithMailbox(dialect: TestDialect, env: Record<string, string> = {}): Promise<BaliseWithMailbox> {
  const smtp = await startSmtpCapture();
  let b: TestBalise;
  try {
    b = await startTestBalise(dialect, { SMTP_URL: smtp.url, ...env });
  } catch (err) {
    await smtp.close();
    throw err;
  }
  return {
    ...b,
    smtp,
    async clearLinksAndMail() {
      await b.db.kysely.deleteFrom('magic_link').execute();
      smtp.messages.length = 0;
    },
    async close() {
      await b.close();
      await smtp.close();
    },
  };
}

/** The token of the `${path}#token` link in a mail, e.g. `linkToken(mail, '/connexion/lien')`. */
export function linkToken(mail: ParsedMail, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}#([A-Za-z0-9_-]{20,})`).exec(mail.text ?? '');
  if (!m) throw new Error(`no ${path} link in the mail:\n${mail.text}`);
  return m[1]!;
}
