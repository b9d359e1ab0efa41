import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  api,
  asApiError,
  rosterErrors,
  type AdminBoard,
  type AuditVerification,
  type LegalProfileView,
  PLAIN_CSV_TEMPLATE_URL,
  type RosterError,
  type RosterFormat,
  type SignedInSession,
} from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { useSession } from '../app/session.tsx';
import { canImportRoster } from '../app/roles.ts';
import { CHANGE_KINDS, formatDateTime, formatNumber, rosterCountRows } from '../app/format.ts';
import type { Locale } from '../app/locale.ts';
import { useLocale } from '../i18n/index.ts';
import { ErrorNotice, Fact, FieldError, FileField, LoadState, TableScroll, TableSection, errorText, useTitle } from '../app/ui.tsx';

const MAX_ERRORS_SHOWN = 200;

function duration(t: TFunction, amount: number, unit: 'days' | 'months'): string {
  return t(unit === 'months' ? 'admin.months' : 'admin.days', { count: amount });
}

/** The board's legal profile in plain words. */
function LegalProfileSection({ profile, locale }: { profile: LegalProfileView; locale: Locale }) {
  const { t } = useTranslation();
  const deadline = profile.rightsRequestDeadline;
  const initial = duration(t, deadline.initial.amount, deadline.initial.unit);
  const recording = profile.retention.recordingMinimumMonths;
  return (
    <section className="section card" aria-labelledby="legal-title">
      <h2 id="legal-title">{t('admin.legalProfile', { name: profile.name[locale] })}</h2>
      <dl className="definitions">
        <Fact label={t('admin.law')}>{profile.law[locale]}</Fact>
        <Fact label={t('admin.consentAge')}>{t('admin.years', { count: profile.consentAge })}</Fact>
        <Fact label={t('admin.imageConsent')}>
          <p>{t(`admin.imageValidity.${profile.imageConsent.validity}`)}</p>
          <p>{t(`admin.imageGuardians.${profile.imageConsent.guardiansRequired}`)}</p>
          <p className="meta">{t('admin.imageWording', { text: profile.imageConsent.wording[locale] })}</p>
        </Fact>
        <Fact label={t('admin.rightsDeadline')}>
          <p>
            {deadline.extension
              ? t('admin.deadlineWithExtension', { initial, extension: duration(t, deadline.extension.maxAmount, deadline.extension.unit) })
              : t('admin.deadlineOnly', { initial })}
          </p>
          <p className="meta">{t('admin.legalBasis', { basis: deadline.legalBasis[locale] })}</p>
        </Fact>
        <Fact label={t('admin.recordingRetention')}>
          {recording == null
            ? t('admin.recordingNone')
            : t('admin.recordingMonths', { duration: t('admin.months', { count: recording }) })}
        </Fact>
        <Fact label={t('admin.incidentRetention')}>{t('admin.incidentYears', { duration: t('admin.years', { count: profile.retention.incidentRegisterMinimumYears }) })}</Fact>
        <Fact label={t('admin.hosting')}>
          <p>{t('admin.hostingTerritory', { territory: profile.hosting.territory[locale] })}</p>
          {profile.hosting.assessmentBeforeLeavingTerritory ? <p>{t('admin.hostingAssessment')}</p> : null}
          {profile.hosting.foreignLawProvidersUnfit ? <p>{t('admin.hostingForeignUnfit')}</p> : null}
        </Fact>
      </dl>
    </section>
  );
}

function CountsSection({ counts, locale }: { counts: AdminBoard['counts']; locale: Locale }) {
  const { t } = useTranslation();
  const keys = ['schools', 'schoolYears', 'classGroups', 'students', 'guardians', 'staff'] as const;
  return (
    <section className="section" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('admin.countsTitle')}</h2>
      <dl className="stats">
        {keys.map((k) => (
          <Fact key={k} className="stat" label={t(`admin.count.${k}`)}>
            {formatNumber(counts[k] ?? 0, locale)}
          </Fact>
        ))}
      </dl>
    </section>
  );
}

function entityLabel(t: TFunction, entity: string): string {
  return t(`admin.entity.${entity}`, { defaultValue: entity });
}

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
              <th scope="row">{entityLabel(t, row.entity)}</th>
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

export function rosterErrorLine(t: TFunction, error: RosterError, locale: Locale): string {
  const message = typeof error.message === 'string' ? error.message : (error.message[locale] ?? error.message.fr ?? '');
  return error.line != null
    ? t('admin.importErrorLine', { file: error.file, line: error.line, message })
    : t('admin.importErrorFile', { file: error.file, message });
}

type ImportOutcome =
  | { kind: 'succeeded'; counts: unknown; restrictionsCarried: number }
  | { kind: 'refused'; message: string; errors: RosterError[] }
  | { kind: 'failed'; message: string };

function RosterImportSection({ locale, onImported }: { locale: Locale; onImported(): void }) {
  const { t } = useTranslation();
  const { expire } = useSession();
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<RosterFormat>('oneroster');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  // A new key gives a new, empty file field, the names it shows included.
  const [picker, setPicker] = useState(0);
  const clearFiles = () => setPicker((n) => n + 1);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const files = Array.from(inputRef.current?.files ?? []);
    if (files.length === 0) {
      setFieldError(t('admin.importNoFile'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    setOutcome(null);
    setBusy(true);
    try {
      const result = await api.importRoster(format, files);
      setOutcome({ kind: 'succeeded', counts: result.importRun.counts, restrictionsCarried: result.importRun.restrictionsCarried });
      clearFiles();
      onImported();
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.status === 401) return expire();
      const errors = rosterErrors(apiError);
      if (apiError.code === 'roster.invalid' || errors.length > 0) {
        setOutcome({ kind: 'refused', message: errorText(apiError, t), errors });
        onImported();
      } else setOutcome({ kind: 'failed', message: errorText(apiError, t) });
    } finally {
      setBusy(false);
    }
  };

  const chooseFormat = (next: RosterFormat) => {
    setFormat(next);
    setFieldError(null);
    clearFiles();
  };

  const plain = format === 'csv';
  return (
    <section className="section card" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.importTitle')}</h2>
      <p className="hint">{t('admin.importHelp')}</p>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="field">
          <legend>{t('admin.importFormat')}</legend>
          {(['oneroster', 'csv'] as const).map((f) => (
            <label key={f} className="choice">
              <input type="radio" name="format" value={f} checked={format === f} onChange={() => chooseFormat(f)} />
              <span>{t(f === 'csv' ? 'admin.importFormatCsv' : 'admin.importFormatOneRoster')}</span>
            </label>
          ))}
        </fieldset>
        <FileField
          key={picker}
          ref={inputRef}
          id={`${uid}-files`}
          label={t(plain ? 'admin.importFilesCsv' : 'admin.importFilesOneRoster')}
          hint={
            <>
              {t(plain ? 'admin.importHelpCsv' : 'admin.importHelpOneRoster')}
              {plain ? (
                <>
                  {' '}
                  <a href={PLAIN_CSV_TEMPLATE_URL} download>{t('admin.importTemplate')}</a>
                </>
              ) : null}
            </>
          }
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
      <div role="status" aria-live="polite" className="status-slot">
        {outcome?.kind === 'succeeded' ? <p className="notice notice-success">{t('admin.importDone')}</p> : null}
        {outcome?.kind === 'succeeded' && outcome.restrictionsCarried > 0 ? (
          <p className="notice notice-warning">{t('admin.restrictionsCarried', { count: outcome.restrictionsCarried })}</p>
        ) : null}
      </div>
      {outcome?.kind === 'succeeded' ? <RosterCountsTable counts={outcome.counts} locale={locale} /> : null}
      {outcome?.kind === 'refused' || outcome?.kind === 'failed' ? <ErrorNotice message={outcome.message} /> : null}
      {outcome?.kind === 'refused' && outcome.errors.length > 0 ? (
        <div className="import-errors">
          <h3 id={`${uid}-errors-title`}>{t('admin.importErrorsTitle')}</h3>
          <ul className="error-list" aria-labelledby={`${uid}-errors-title`}>
            {outcome.errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
              <li key={`${e.file}-${e.line ?? ''}-${e.code}-${i}`}>{rosterErrorLine(t, e, locale)}</li>
            ))}
          </ul>
          {outcome.errors.length > MAX_ERRORS_SHOWN ? (
            <p className="meta">{t('admin.moreErrors', { count: outcome.errors.length - MAX_ERRORS_SHOWN })}</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function ImportHistorySection({ imports, locale }: { imports: AdminBoard['imports']; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <TableSection
      id="history-title"
      title={t('admin.historyTitle')}
      isEmpty={imports.length === 0}
      emptyText={t('admin.historyEmpty')}
      region={t('admin.historyRegion')}
      caption={t('admin.historyCaption')}
    >
      <thead>
        <tr>
          <th scope="col">{t('admin.col.started')}</th>
          <th scope="col">{t('admin.col.finished')}</th>
          <th scope="col">{t('admin.col.source')}</th>
          <th scope="col">{t('admin.col.status')}</th>
          <th scope="col" className="num">{t('admin.col.errors')}</th>
        </tr>
      </thead>
      <tbody>
        {imports.map((run) => (
          <tr key={run.id}>
            <th scope="row">{formatDateTime(run.startedAt, locale)}</th>
            <td>{formatDateTime(run.finishedAt, locale) ?? t('admin.notFinished')}</td>
            <td className="break">
              {t(`admin.format.${run.format}`, { defaultValue: run.format })} · {run.sourceLabel}
            </td>
            <td>
              <span className={`badge ${run.status === 'succeeded' ? 'badge-ok' : run.status === 'failed' ? 'badge-failed' : ''}`}>
                {t(`admin.status.${run.status}`, { defaultValue: run.status })}
              </span>
            </td>
            <td className="num">{formatNumber(run.errorCount, locale)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}

function AuditSection() {
  const { t } = useTranslation();
  const { expire } = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onVerify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyAudit());
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.status === 401) return expire();
      setError(errorText(apiError, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.auditTitle')}</h2>
      <p>{t('admin.auditHelp')}</p>
      <button type="button" className="button" onClick={() => void onVerify()} disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('admin.auditVerifying') : t('admin.auditVerify')}
      </button>
      <div role="status" aria-live="polite" className="status-slot">
        {result?.ok ? (
          <p className="notice notice-success" data-testid="audit-result">
            <span aria-hidden="true">✓ </span>
            {t('admin.auditOk', { count: result.checked, lastSeq: result.lastSeq })}
          </p>
        ) : null}
      </div>
      {result && !result.ok ? (
        <p className="notice notice-error" role="alert" data-testid="audit-result">
          <span aria-hidden="true">⚠ </span>
          {t('admin.auditBroken', {
            seq: result.firstBreak?.seq ?? result.lastSeq,
            kind: t(`admin.auditKind.${result.firstBreak?.kind ?? 'altered'}`),
          })}
        </p>
      ) : null}
      <FieldError id="audit-error" message={error} />
    </section>
  );
}

export function AdminPage({ session }: { session: SignedInSession }) {
  const { t } = useTranslation();
  const locale = useLocale();
  useTitle(t('admin.title'));
  const { state, reload, update } = useApiData((signal) => api.adminBoard(signal), []);
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const data = state.data;

  /** After an import, the history and counts are read again without leaving the page. */
  const refresh = () => {
    api.adminBoard().then((fresh) => update(() => fresh), () => undefined);
  };

  return (
    <>
      <div className="page-heading">
        <h1>{t('admin.title')}</h1>
        <p className="lead">{data.board.name}</p>
      </div>
      <LegalProfileSection profile={data.legalProfile} locale={locale} />
      <CountsSection counts={data.counts} locale={locale} />
      {canImportRoster(session) ? <RosterImportSection locale={locale} onImported={refresh} /> : null}
      <ImportHistorySection imports={data.imports} locale={locale} />
      <AuditSection />
    </>
  );
}
