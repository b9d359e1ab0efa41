import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '../api/client.ts';
import { Field, errorText } from '../app/ui.tsx';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Asks for a one-time link by e-mail: parents to sign in, staff and students to choose a password.
 * The answer never says whether the address is known.
 */
export function EmailLinkForm({ id, send, submitLabel, sentText }: { id: string; send(email: string): Promise<unknown>; submitLabel: string; sentText: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    setSent(false);
    if (!value) {
      setError(t('signIn.emailRequired'));
      return emailRef.current?.focus();
    }
    if (!EMAIL_PATTERN.test(value)) {
      setError(t('signIn.emailInvalid'));
      return emailRef.current?.focus();
    }
    setError(null);
    setBusy(true);
    try {
      await send(value);
      setSent(true);
    } catch (err) {
      setError(errorText(asApiError(err), t));
      emailRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <Field
        ref={emailRef}
        id={`${id}-email`}
        label={t('signIn.email')}
        hint={t('signIn.emailHint')}
        error={error}
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <button type="submit" className="button button-secondary button-block" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('signIn.sending') : submitLabel}
      </button>
      <div role="status" aria-live="polite" className="status-slot">
        {sent ? (
          <div className="notice notice-success">
            <p>{sentText}</p>
            <p className="hint">{t('signIn.linkSentHelp')}</p>
          </div>
        ) : null}
      </div>
    </form>
  );
}
