import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, asApiError, type GuardianLink, type LinkChange, type LinkRestrictions, type RestrictionEntry, type StudentFile } from '../api/client.ts';
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from '../../domain/org/restriction-reason.ts';
import { useApiData } from '../app/useApiData.ts';
import { useSession } from '../app/session.tsx';
import { distinctPreferredName, forName, formatDateTime, formatGrades, fullName } from '../app/format.ts';
import { useLocale } from '../i18n/index.ts';
import { Fact, FieldError, LoadState, describedBy, errorText, useTitle } from '../app/ui.tsx';

/**
 * What a school leader may do to a link (ORG-4): restrict it, give a restricted link a new
 * reason (the old one stays in its history), or lift the restriction. Each asks for a reason.
 */
type Change = 'restrict' | 'replace' | 'lift';

const WORDS: Record<Change, { open: string; legend: string; explain: string; reasonLabel: string; reasonHint: string; reasonRequired: string; confirm: string; done: string }> = {
  restrict: {
    open: 'student.restrict',
    legend: 'student.restrictLegend',
    explain: 'student.restrictExplain',
    reasonLabel: 'student.reasonLabel',
    reasonHint: 'student.reasonHint',
    reasonRequired: 'student.reasonRequired',
    confirm: 'student.confirmRestrict',
    done: 'student.restrictedDone',
  },
  replace: {
    open: 'student.replace',
    legend: 'student.replaceLegend',
    explain: 'student.replaceExplain',
    reasonLabel: 'student.replaceReasonLabel',
    reasonHint: 'student.reasonHint',
    reasonRequired: 'student.reasonRequired',
    confirm: 'student.confirmReplace',
    done: 'student.replacedDone',
  },
  lift: {
    open: 'student.lift',
    legend: 'student.liftLegend',
    explain: 'student.liftExplain',
    reasonLabel: 'student.liftReasonLabel',
    reasonHint: 'student.liftReasonHint',
    reasonRequired: 'student.liftReasonRequired',
    confirm: 'student.confirmLift',
    done: 'student.liftedDone',
  },
};

/** The guardian's name in a sentence, in whatever form the page's words ask for (« Léa Roy », « de Léa Roy », « d’Annie Roy », "for Annie Roy"). */
function useNameWords(guardian: GuardianLink) {
  const locale = useLocale();
  const name = fullName(guardian);
  return { name, forName: forName(locale, name, 'person') };
}

interface ReasonFormProps {
  guardian: GuardianLink;
  change: Change;
  onDone(change: LinkChange): void;
  onCancel(): void;
}

/** The confirmation of a change: what it will do, the reason (required), confirm or cancel. */
function ReasonForm({ guardian, change, onDone, onCancel }: ReasonFormProps) {
  const { t } = useTranslation();
  const { expire } = useSession();
  const uid = useId();
  const words = useNameWords(guardian);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = reason.trim();
    const problem = !value ? t(WORDS[change].reasonRequired) : value.length < MIN_REASON_LENGTH ? t('student.reasonTooShort') : null;
    setFieldError(problem);
    if (problem) return reasonRef.current?.focus();
    setActionError(null);
    setBusy(true);
    try {
      onDone(change === 'lift' ? await api.liftRestriction(guardian.linkId, value) : await api.restrictLink(guardian.linkId, value));
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.status === 401) return expire();
      setActionError(errorText(apiError, t));
      setBusy(false);
    }
  };

  const ids = { explain: `${uid}-explain`, hint: `${uid}-hint`, reason: `${uid}-reason`, reasonError: `${uid}-reason-error`, actionError: `${uid}-action-error` };
  return (
    <form className="restrict-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <fieldset>
        <legend>{t(WORDS[change].legend, words)}</legend>
        <p id={ids.explain} className="notice notice-warning">{t(WORDS[change].explain, words)}</p>
        <div className="field">
          <label htmlFor={ids.reason}>
            {t(WORDS[change].reasonLabel)} <span className="required">({t('form.required')})</span>
          </label>
          <p id={ids.hint} className="hint">{t(WORDS[change].reasonHint)}</p>
          <textarea
            ref={reasonRef}
            id={ids.reason}
            name="reason"
            rows={3}
            required
            aria-required="true"
            maxLength={MAX_REASON_LENGTH}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy(ids.explain, ids.hint, fieldError && ids.reasonError, actionError && ids.actionError)}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <FieldError id={ids.reasonError} message={fieldError} />
        </div>
        <FieldError id={ids.actionError} message={actionError} />
        <div className="button-row">
          <button type="submit" className={change === 'lift' ? 'button' : 'button button-danger'} disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('student.saving') : t(WORDS[change].confirm)}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
            {t('student.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** Who did it, or Balise itself (an import carried a restriction over, the demo, the console). */
function byWhom(by: { givenName: string; familyName: string } | null, t: (key: string) => string) {
  return by ? fullName(by) : t('student.historyByBalise');
}

const HISTORY_EVENT: Record<RestrictionEntry['event'], string> = {
  restricted: 'student.historyRestricted',
  lifted: 'student.historyLifted',
  carried: 'student.historyCarried',
};

/** For school and board leaders only: the restriction in force and everything before it, newest first. */
function RestrictionRecord({ restriction }: { restriction: LinkRestrictions }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const uid = useId();
  const [showHistory, setShowHistory] = useState(false);
  const { inForce, history } = restriction;
  return (
    <div className="restriction-record">
      {inForce ? (
        <dl className="facts">
          <Fact label={t('student.inForceReason')}>{inForce.reason}</Fact>
          <Fact label={t('student.inForceBy')}>{byWhom(inForce.by, t)}</Fact>
          <Fact label={t('student.inForceAt')}>{formatDateTime(inForce.at, locale)}</Fact>
        </dl>
      ) : null}
      {history.length > 0 ? (
        <>
          <button type="button" className="button button-secondary" aria-expanded={showHistory} aria-controls={`${uid}-history`} onClick={() => setShowHistory(!showHistory)}>
            {showHistory ? t('student.historyHide', { count: history.length }) : t('student.historyShow', { count: history.length })}
          </button>
          <ol id={`${uid}-history`} className="plain-list" hidden={!showHistory} aria-label={t('student.historyTitle')}>
            {history.map((entry, i) => (
              <li key={i}>
                <span className="meta">{formatDateTime(entry.at, locale)}</span> —{' '}
                {t(HISTORY_EVENT[entry.event], { who: byWhom(entry.by, t) })} : {entry.reason}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

interface GuardianRowProps {
  guardian: GuardianLink;
  canRestrict: boolean;
  onChanged(change: LinkChange, message: string): void;
}

function GuardianRow({ guardian, canRestrict, onChanged }: GuardianRowProps) {
  const { t } = useTranslation();
  const words = useNameWords(guardian);
  const [change, setChange] = useState<Change | null>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const focusAction = useRef(false);

  // When the form closes, focus goes back to the row's first action, not to the top of the page.
  useEffect(() => {
    if (focusAction.current && !change) {
      focusAction.current = false;
      actionRef.current?.focus();
    }
  });
  const close = () => {
    focusAction.current = true;
    setChange(null);
  };
  const done = (made: Change) => (result: LinkChange) => {
    close();
    onChanged(result, t(WORDS[made].done, words));
  };
  const actions: Change[] = guardian.restricted ? ['lift', 'replace'] : ['restrict'];

  return (
    <li className="guardian">
      <div className="guardian-row">
        <div className="guardian-who">
          <span className="guardian-name">{words.name}</span>
          <span className="meta">{t(`student.relationship.${guardian.relationship}`, { defaultValue: guardian.relationship })}</span>
          {guardian.restricted ? (
            <span className="badge badge-restricted">
              <span aria-hidden="true">⊘</span>
              {t('student.restrictedBadge')}
            </span>
          ) : null}
        </div>
        {canRestrict && !change ? (
          <div className="guardian-actions button-row">
            {actions.map((a, i) => (
              <button key={a} ref={i === 0 ? actionRef : undefined} type="button" className={a === 'restrict' ? 'button button-danger-outline' : 'button button-secondary'} onClick={() => setChange(a)}>
                {t(WORDS[a].open)}
                <span className="visually-hidden"> {words.forName}</span>
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {guardian.restriction ? <RestrictionRecord restriction={guardian.restriction} /> : null}
      {change ? <ReasonForm guardian={guardian} change={change} onDone={done(change)} onCancel={close} /> : null}
    </li>
  );
}

/** The guardians' section: what the list means depends on who reads it (the server says which list it sent). */
function Guardians({ file, onChanged, status }: { file: StudentFile; onChanged: GuardianRowProps['onChanged']; status: string }) {
  const { t } = useTranslation();
  const forStudent = file.guardianList === 'informed_guardians';
  return (
    <section className="section" aria-labelledby="student-guardians-title">
      <h2 id="student-guardians-title">{t('student.guardiansTitle')}</h2>
      {forStudent && file.guardians.length > 0 ? <p className="meta">{t('student.informedIntro')}</p> : null}
      <div role="status" aria-live="polite" className="status-slot">
        {status ? <p className="notice notice-success">{status}</p> : null}
      </div>
      {file.guardians.length === 0 ? (
        <p className="empty">{t(forStudent ? 'student.noInformedGuardians' : 'student.noGuardians')}</p>
      ) : (
        <ul className="guardians" role="list">
          {file.guardians.map((g) => (
            <GuardianRow key={g.linkId} guardian={g} canRestrict={file.can.restrictLinks} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function StudentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { state, reload, update } = useApiData((signal) => api.student(id, signal), [id]);
  const [status, setStatus] = useState('');
  useTitle(state.status === 'ready' ? fullName(state.data.student) : t('app.loading'));
  if (state.status !== 'ready') return <LoadState state={state} onRetry={reload} />;

  const { student, classGroups } = state.data;
  const preferred = distinctPreferredName(student);
  const grades = formatGrades(student.grades, locale);

  const onChanged = ({ link }: LinkChange, message: string) => {
    update((data) => ({ ...data, guardians: data.guardians.map((g) => (g.linkId === link.linkId ? { ...g, restricted: link.restricted, restriction: link.restriction } : g)) }));
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

      <Guardians file={state.data} onChanged={onChanged} status={status} />
    </>
  );
}
