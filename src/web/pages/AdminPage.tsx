import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, asApiError, type AuditVerification, type BoardCounts, type ImportRunSummary, type LegalProfile, type SignedInSession } from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { useSession } from '../app/session.tsx';
import { formatDateTime, formatNumber } from '../app/format.ts';
import type { Locale } from '../app/locale.ts';
import { useLocale } from '../i18n/index.ts';
import { Fact, FieldError, LoadState, TableSection, errorText, useTitle } from '../app/ui.tsx';
import { ImportRunDetail, RosterImportSection } from './RosterImport.tsx';

function duration(t: TFunction, amount: number, unit: 'days' | 'months'): string {
  return t(unit === 'months' ? 'admin.months' : 'admin.days', { count: amount });
}

/** The board's legal profile in plain words. */
function LegalProfileSection({ profile, locale }: { profile: LegalProfile; locale: Locale }) {
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

function CountsSection({ counts, locale }: { counts: BoardCounts; locale: Locale }) {
  const { t } = useTranslation();
  const keys = ['schools', 'schoolYears', 'classGroups', 'students', 'guardians', 'staff'] as const;
  return (
    <section className="section" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('admin.countsTitle')}</h2>
      <dl className="stats">
        {keys.map((k) => (
          <Fact key={k} className="stat" label={t(`admin.count.${k}`)}>
            {formatNumber(counts[k], locale)}
          </Fact>
        ))}
      </dl>
    </section>
  );
}

/** Runs whose detail is worth reopening (issue 16 B8): a refused import's errors, a held one's hold. */
const reopenable = (status: string) => status === 'failed' || status === 'held';

function ImportHistorySection({ imports, locale, canOpen }: { imports: readonly ImportRunSummary[]; locale: Locale; canOpen: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <>
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
            {canOpen ? <th scope="col">{t('admin.col.detail')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {imports.map((run) => (
            <tr key={run.id}>
              <th scope="row">{formatDateTime(run.startedAt, locale)}</th>
              <td>{run.status === 'running' ? t('admin.notFinished') : (formatDateTime(run.finishedAt, locale) ?? t('admin.notFinished'))}</td>
              <td className="break">
                {t(`admin.format.${run.format}`, { defaultValue: run.format })} · {run.sourceLabel}
              </td>
              <td>
                <span className={`badge ${run.status === 'succeeded' ? 'badge-ok' : reopenable(run.status) ? 'badge-failed' : ''}`}>
                  {t(`admin.status.${run.status}`, { defaultValue: run.status })}
                </span>
              </td>
              <td className="num">{formatNumber(run.errorCount, locale)}</td>
              {canOpen ? (
                <td>
                  {reopenable(run.status) ? (
                    <button type="button" className="button button-secondary" onClick={() => setOpened(run.id)} aria-label={t('admin.viewRunOf', { date: formatDateTime(run.startedAt, locale) })}>
                      {t('admin.viewRun')}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </TableSection>
      {opened ? <ImportRunDetail key={opened} runId={opened} locale={locale} onClose={() => setOpened(null)} /> : null}
    </>
  );
}

/** A break's words as the server sends them (« l’entrée n° 12 a été modifiée ») made a sentence of their own. */
function asSentence(words: string, locale: Locale): string {
  const text = words.trim();
  const first = text.charAt(0).toLocaleUpperCase(locale);
  return `${first}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/**
 * What verify found (SEC-1): intact, or every problem in the reader's language. A broken log may
 * have no broken entry (a guard removed, a checkpoint forged, the newest entries cut off), so
 * each problem is named by the server's own sentence, not by an entry number.
 */
function AuditResult({ result, locale }: { result: AuditVerification; locale: Locale }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <p className="notice notice-success" data-testid="audit-result">
        <span aria-hidden="true">✓ </span>
        {t('admin.auditOk', { count: result.checked, lastSeq: result.lastSeq })}
      </p>
    );
  }
  return (
    <div className="notice notice-error" role="alert" data-testid="audit-result">
      <p>
        <span aria-hidden="true">⚠ </span>
        {t('admin.auditBroken', { count: result.breaks.length })}
      </p>
      <ul className="error-list">
        {result.breaks.map((b, i) => (
          <li key={i}>{asSentence(b.message[locale], locale)}</li>
        ))}
      </ul>
    </div>
  );
}

function AuditSection({ locale }: { locale: Locale }) {
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
        {result?.ok ? <AuditResult result={result} locale={locale} /> : null}
      </div>
      {result && !result.ok ? <AuditResult result={result} locale={locale} /> : null}
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
      {session.can.importRoster ? <RosterImportSection locale={locale} onImported={refresh} /> : null}
      <ImportHistorySection imports={data.imports} locale={locale} canOpen={session.can.importRoster} />
      <AuditSection locale={locale} />
    </>
  );
}
