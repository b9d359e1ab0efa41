import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, asApiError, isAbortError, PLAIN_CSV_TEMPLATE_URL, type ImportRun, type RosterFormat, type RosterHold, type RosterMessage } from '../api/client.ts';
import { HELD_KINDS } from '../../domain/roster/import-hold.ts';
import { phaseCounts, phasePercent } from '../../domain/roster/import-progress.ts';
import { useSession } from '../app/session.tsx';
import { CHANGE_KINDS, formatDateTime, formatNumber, ofName, rosterCountRows } from '../app/format.ts';
import type { Locale } from '../app/locale.ts';
import { ErrorNotice, FileField, TableScroll, errorText } from '../app/ui.tsx';

const MAX_MESSAGES_SHOWN = 200;

function RosterCountsTable({ counts, locale }: { counts: unknown; locale: Locale }) {
  const { t } = useTranslation();
  const rows = rosterCountRows(counts);
  if (rows.length === 0) return null;
  return (
    <TableScroll label={t('admin.importResultCaption')}>
      <table className="table table-compact">
        <caption>{t('admin.importResultCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.change.entity')}</th>
            {CHANGE_KINDS.map((k) => (
              <th key={k} scope="col" className="num">{t(`admin.change.${k}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.entity}>
              <th scope="row">{t(`admin.entity.${row.entity}`, { defaultValue: row.entity })}</th>
              {CHANGE_KINDS.map((k) => (
                <td key={k} className="num">{formatNumber(row.counts[k], locale)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Errors to fix or warnings to know, each naming its file and line (the server's words, in the reader's language). */
function ImportMessages({ title, messages }: { title: string; messages: readonly RosterMessage[] }) {
  const { t } = useTranslation();
  const uid = useId();
  if (messages.length === 0) return null;
  return (
    <div className="import-errors">
      <h3 id={`${uid}-title`}>{title}</h3>
      <ul className="error-list" aria-labelledby={`${uid}-title`}>
        {messages.slice(0, MAX_MESSAGES_SHOWN).map((m, i) => (
          <li key={`${m.file}-${m.line ?? ''}-${m.code}-${i}`}>{m.message}</li>
        ))}
      </ul>
      {messages.length > MAX_MESSAGES_SHOWN ? <p className="meta">{t('admin.moreErrors', { count: messages.length - MAX_MESSAGES_SHOWN })}</p> : null}
    </div>
  );
}

/** Issue 16 B8: the phase and a progress bar that assistive technologies read (role progressbar, its value and its words). */
function ImportProgressBar({ run, locale }: { run: ImportRun; locale: Locale }) {
  const { t } = useTranslation();
  const p = run.progress;
  const percent = phasePercent(p);
  const [done, total] = phaseCounts(p);
  const words = t(`admin.importProgress.${p.phase}`, { done: formatNumber(done, locale), total: formatNumber(total, locale) });
  return (
    <div className="import-progress">
      <p id={`progress-${run.id}`}>{t(`admin.importPhase.${p.phase}`)}</p>
      <div role="progressbar" aria-labelledby={`progress-${run.id}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent} % — ${words}`}>
        <progress value={percent} max={100} aria-hidden="true" />
        <span className="meta"> {words}</span>
      </div>
    </div>
  );
}

function holdKindLine(t: TFunction, hold: RosterHold, kind: (typeof HELD_KINDS)[number], locale: Locale): string {
  const { ending, active } = hold.ending[kind];
  return t(`admin.holdKind.${kind}`, { ending: formatNumber(ending, locale), active: formatNumber(active, locale) });
}

/** A person a held import would end, or a guardian's link: « Marc Roy (parent d’Annie Roy) ». */
function exampleName(t: TFunction, e: RosterHold['examples']['students'][number], locale: Locale): string {
  return e.student ? t('admin.holdLink', { guardian: e.name, ofStudent: ofName(locale, e.student, 'person') }) : e.name;
}

/** Issue 16 B2: what a held import would end, a few named, and the privacy officer's confirmation. */
function HoldNotice({ hold, locale, busy, onConfirm }: { hold: RosterHold; locale: Locale; busy?: boolean; onConfirm?: () => void }) {
  const { t } = useTranslation();
  const uid = useId();
  return (
    <section className="notice notice-warning import-hold" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`}>{t('admin.holdTitle')}</h3>
      <p>{t('admin.holdText', { percent: Math.round(hold.share * 100) })}</p>
      <ul>
        {HELD_KINDS.filter((k) => hold.ending[k].ending > 0).map((k) => (
          <li key={k}>
            {holdKindLine(t, hold, k, locale)}
            {hold.examples[k].length > 0 ? (
              <>
                {' '}
                {t('admin.holdExamples', { names: hold.examples[k].map((e) => exampleName(t, e, locale)).join(', ') })}
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {onConfirm ? (
        <button type="button" className="button" onClick={onConfirm} disabled={busy} aria-busy={busy || undefined}>
          {t('admin.holdConfirm')}
        </button>
      ) : null}
    </section>
  );
}

type Outcome = { kind: 'run'; run: ImportRun } | { kind: 'failed'; message: string };

/** What an import ended with: its counts and warnings, its errors, or its hold. */
function ImportOutcome({ outcome, locale, busy, onConfirm }: { outcome: Outcome; locale: Locale; busy: boolean; onConfirm(): void }) {
  const { t } = useTranslation();
  if (outcome.kind === 'failed') return <ErrorNotice message={outcome.message} />;
  const run = outcome.run;
  if (run.status === 'failed') {
    const message = run.errors.length > 0 ? t('admin.importRefused', { count: run.errors.length }) : t('admin.importBroken');
    return (
      <>
        <ErrorNotice message={message} />
        <ImportMessages title={t('admin.importErrorsTitle')} messages={run.errors} />
      </>
    );
  }
  return (
    <>
      {run.status === 'held' && run.hold ? <HoldNotice hold={run.hold} locale={locale} busy={busy} onConfirm={onConfirm} /> : null}
      {run.status === 'succeeded' ? <RosterCountsTable counts={run.counts} locale={locale} /> : null}
      <ImportMessages title={t('admin.warningsTitle')} messages={run.warnings} />
    </>
  );
}

function useRosterImport(onImported: () => void) {
  const { t } = useTranslation();
  const { expire } = useSession();
  const [running, setRunning] = useState<ImportRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const stop = useRef(new AbortController());
  useEffect(() => () => stop.current.abort(), []);

  const run = async (format: RosterFormat, files: File[], confirmEnding: boolean): Promise<ImportRun | null> => {
    setOutcome(null);
    setBusy(true);
    try {
      const { importRun } = await api.importRoster(format, files, confirmEnding);
      const done = await api.followImport(importRun.id, setRunning, stop.current.signal);
      setOutcome({ kind: 'run', run: done });
      onImported();
      return done;
    } catch (err) {
      if (isAbortError(err)) return null;
      const apiError = asApiError(err);
      if (apiError.status === 401) expire();
      else setOutcome({ kind: 'failed', message: errorText(apiError, t) });
      return null;
    } finally {
      setRunning(null);
      setBusy(false);
    }
  };
  return { run, running, busy, outcome };
}

function FormatChoice({ format, onChoose }: { format: RosterFormat; onChoose(f: RosterFormat): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field">
      <legend>{t('admin.importFormat')}</legend>
      {(['oneroster', 'csv'] as const).map((f) => (
        <label key={f} className="choice">
          <input type="radio" name="format" value={f} checked={format === f} onChange={() => onChoose(f)} />
          <span>{t(f === 'csv' ? 'admin.importFormatCsv' : 'admin.importFormatOneRoster')}</span>
        </label>
      ))}
    </fieldset>
  );
}

function FilesHint({ plain }: { plain: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {t(plain ? 'admin.importHelpCsv' : 'admin.importHelpOneRoster')}
      {plain ? (
        <>
          {' '}
          <a href={PLAIN_CSV_TEMPLATE_URL} download>{t('admin.importTemplate')}</a>
        </>
      ) : null}
    </>
  );
}

export function RosterImportSection({ locale, onImported }: { locale: Locale; onImported(): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<RosterFormat>('oneroster');
  const [fieldError, setFieldError] = useState<string | null>(null);
  // A new key gives a new, empty file field, the names it shows included.
  const [picker, setPicker] = useState(0);
  const clearFiles = () => setPicker((n) => n + 1);
  const { run, running, busy, outcome } = useRosterImport(onImported);

  const submit = async (confirmEnding: boolean) => {
    const files = Array.from(inputRef.current?.files ?? []);
    if (files.length === 0) {
      setFieldError(t('admin.importNoFile'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    const done = await run(format, files, confirmEnding);
    // A held import keeps its files: the confirmation sends them again.
    if (done?.status === 'succeeded') clearFiles();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit(false);
  };
  const chooseFormat = (next: RosterFormat) => {
    setFormat(next);
    setFieldError(null);
    clearFiles();
  };

  const plain = format === 'csv';
  const done = outcome?.kind === 'run' ? outcome.run : null;
  return (
    <section className="section card" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.importTitle')}</h2>
      <p className="hint">{t('admin.importHelp')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormatChoice format={format} onChoose={chooseFormat} />
        <FileField
          key={picker}
          ref={inputRef}
          id={`${uid}-files`}
          label={t(plain ? 'admin.importFilesCsv' : 'admin.importFilesOneRoster')}
          hint={<FilesHint plain={plain} />}
          error={fieldError}
          name="files"
          accept={plain ? '.csv,text/csv' : '.zip,.csv,application/zip,text/csv'}
          multiple={!plain}
          onChange={() => setFieldError(null)}
        />
        <button type="submit" className="button" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t('admin.importing') : t('admin.importSubmit')}
        </button>
      </form>
      {running ? <ImportProgressBar run={running} locale={locale} /> : null}
      <div role="status" aria-live="polite" className="status-slot">
        {done?.status === 'succeeded' ? <p className="notice notice-success">{t('admin.importDone')}</p> : null}
        {done?.status === 'succeeded' && done.restrictionsCarried > 0 ? (
          <p className="notice notice-warning">{t('admin.restrictionsCarried', { count: done.restrictionsCarried })}</p>
        ) : null}
      </div>
      {outcome ? <ImportOutcome outcome={outcome} locale={locale} busy={busy} onConfirm={() => void submit(true)} /> : null}
    </section>
  );
}

/** Issue 16 B8: an import of the history, reopened: its errors, its hold or its warnings, as stored. */
export function ImportRunDetail({ runId, locale, onClose }: { runId: string; locale: Locale; onClose(): void }) {
  const { t } = useTranslation();
  const [run, setRun] = useState<ImportRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .importRun(runId, controller.signal)
      .then(({ importRun }) => setRun(importRun), (err: unknown) => isAbortError(err) || setError(errorText(asApiError(err), t)));
    return () => controller.abort();
  }, [runId, t]);
  useEffect(() => heading.current?.focus(), [run]);
  if (error) return <ErrorNotice message={error} />;
  if (!run) return <p role="status">{t('app.loading')}</p>;
  return (
    <section className="section card" aria-labelledby="run-detail-title">
      <h3 id="run-detail-title" ref={heading} tabIndex={-1}>
        {t('admin.runDetailTitle', { date: formatDateTime(run.startedAt, locale), source: run.sourceLabel })}
      </h3>
      <p>{t(`admin.status.${run.status}`)}</p>
      {run.hold ? <HoldNotice hold={run.hold} locale={locale} /> : null}
      <ImportMessages title={t('admin.importErrorsTitle')} messages={run.errors} />
      <ImportMessages title={t('admin.warningsTitle')} messages={run.warnings} />
      <button type="button" className="button button-secondary" onClick={onClose}>{t('admin.closeRun')}</button>
    </section>
  );
}
