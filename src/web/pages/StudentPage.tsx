import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, asApiError, type GuardianLink } from '../api/client.ts';
import { useApiData } from '../app/useApiData.ts';
import { useSession } from '../app/session.tsx';
import { distinctPreferredName, formatGrades, fullName } from '../app/format.ts';
import { useLocale } from '../i18n/index.ts';
import { FieldError, LoadState, describedBy, errorText, useTitle } from '../app/ui.tsx';

const MIN_REASON_LENGTH = 3;

interface GuardianRowProps {
  guardian: GuardianLink;
  canRestrict: boolean;
  onChanged(linkId: string, restricted: boolean, message: string): void;
}

function GuardianRow({ guardian, canRestrict, onChanged }: GuardianRowProps) {
  const { t } = useTranslation();
  const { expire } = useSession();
  const uid = useId();
  const name = fullName(guardian);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const focusAction = useRef(false);

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  useEffect(() => {
    if (focusAction.current && !open) {
      focusAction.current = false;
      actionRef.current?.focus();
    }
  });

  const fail = (err: unknown) => {
    const apiError = asApiError(err);
    if (apiError.status === 401) return expire();
    setActionError(errorText(apiError, t));
  };

  const close = () => {
    focusAction.current = true;
    setOpen(false);
    setReason('');
    setFieldError(null);
  };

  const onRestrict = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = reason.trim();
    if (!value) return (setFieldError(t('student.reasonRequired')), reasonRef.current?.focus());
    if (value.length < MIN_REASON_LENGTH) return (setFieldError(t('student.reasonTooShort')), reasonRef.current?.focus());
    setFieldError(null);
    setActionError(null);
    setBusy(true);
    try {
      const { link } = await api.restrictLink(guardian.linkId, value);
      close();
      onChanged(guardian.linkId, link.restricted, t('student.restrictedDone', { name }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const onLift = async () => {
    setActionError(null);
    setBusy(true);
    try {
      const { link } = await api.liftRestriction(guardian.linkId);
      focusAction.current = true;
      onChanged(guardian.linkId, link.restricted, t('student.liftedDone', { name }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const explainId = `${uid}-explain`;
  const hintId = `${uid}-hint`;
  const reasonErrorId = `${uid}-reason-error`;
  const actionErrorId = `${uid}-action-error`;

  return (
    <li className="guardian">
      <div className="guardian-row">
        <div className="guardian-who">
          <span className="guardian-name">{name}</span>
          <span className="meta">{t(`student.relationship.${guardian.relationship}`, { defaultValue: guardian.relationship })}</span>
          {guardian.restricted ? (
            <span className="badge badge-restricted">
              <span aria-hidden="true">⊘</span>
              {t('student.restrictedBadge')}
            </span>
          ) : null}
        </div>
        {canRestrict && !open ? (
          <div className="guardian-actions">
            {guardian.restricted ? (
              <button
                ref={actionRef}
                type="button"
                className="button button-secondary"
                onClick={() => void onLift()}
                disabled={busy}
                aria-describedby={actionError ? actionErrorId : undefined}
              >
                {t('student.lift')}
                <span className="visually-hidden"> {t('student.forName', { name })}</span>
              </button>
            ) : (
              <button
                ref={actionRef}
                type="button"
                className="button button-danger-outline"
                onClick={() => {
                  setActionError(null);
                  setOpen(true);
                }}
              >
                {t('student.restrict')}
                <span className="visually-hidden"> {t('student.forName', { name })}</span>
              </button>
            )}
          </div>
        ) : null}
      </div>
      {open ? (
        <form className="restrict-form" onSubmit={(e) => void onRestrict(e)} noValidate>
          <fieldset>
            <legend>{t('student.restrictLegend', { name })}</legend>
            <p id={explainId} className="notice notice-warning">
              {t('student.restrictExplain')}
            </p>
            <div className="field">
              <label htmlFor={`${uid}-reason`}>
                {t('student.reasonLabel')} <span className="required">({t('form.required')})</span>
              </label>
              <p id={hintId} className="hint">{t('student.reasonHint')}</p>
              <textarea
                ref={reasonRef}
                id={`${uid}-reason`}
                name="reason"
                rows={3}
                required
                aria-required="true"
                maxLength={2000}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={describedBy(explainId, hintId, fieldError && reasonErrorId, actionError && actionErrorId)}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <FieldError id={reasonErrorId} message={fieldError} />
            </div>
            <div className="button-row">
              <button type="submit" className="button button-danger" disabled={busy} aria-busy={busy || undefined}>
                {busy ? t('student.saving') : t('student.confirmRestrict')}
              </button>
              <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
                {t('student.cancel')}
              </button>
            </div>
          </fieldset>
        </form>
      ) : null}
      <FieldError id={actionErrorId} message={actionError} />
    </li>
  );
}

export function StudentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { state, reload, update } = useApiData((signal) => api.student(id, signal), [id]);
  const [status, setStatus] = useState('');
  useTitle(state.status === 'ready' ? fullName(state.data.student) : t('app.loading'));
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;

  const { student, classGroups, guardians, canRestrictLinks } = state.data;
  const preferred = distinctPreferredName(student);
  const grades = formatGrades(student.grades, locale);

  const onChanged = (linkId: string, restricted: boolean, message: string) => {
    update((data) => ({ ...data, guardians: data.guardians.map((g) => (g.linkId === linkId ? { ...g, restricted } : g)) }));
    setStatus(message);
  };

  return (
    <>
      <div className="page-heading">
        <h1>{fullName(student)}</h1>
        {preferred || grades ? (
          <p className="lead">
            {[preferred ? t('student.preferredName', { name: preferred }) : null, grades ? t('student.grades', { grades }) : null]
              .filter(Boolean)
              .join(' · ')}
          </p>
        ) : null}
      </div>

      <section className="section" aria-labelledby="student-groups-title">
        <h2 id="student-groups-title">{t('student.groupsTitle')}</h2>
        {classGroups.length === 0 ? (
          <p className="empty">{t('student.noGroups')}</p>
        ) : (
          <ul className="plain-list">
            {classGroups.map((g) => (
              <li key={g.id}>
                {g.name} <span className="meta">· {g.schoolName}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="student-guardians-title">
        <h2 id="student-guardians-title">{t('student.guardiansTitle')}</h2>
        <div role="status" aria-live="polite" className="status-slot">
          {status ? <p className="notice notice-success">{status}</p> : null}
        </div>
        {guardians.length === 0 ? (
          <p className="empty">{t('student.noGuardians')}</p>
        ) : (
          <ul className="guardians" role="list">
            {guardians.map((g) => (
              <GuardianRow key={g.linkId} guardian={g} canRestrict={canRestrictLinks} onChanged={onChanged} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
