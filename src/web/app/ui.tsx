import { useEffect, useState, type ComponentPropsWithRef, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiError } from '../api/client.ts';
import { Link } from './router.tsx';
import { paths } from './routes.ts';
import type { Loadable } from './useApiData.ts';

/** Sets the window title: « Page — Balise ». */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = title === 'Balise' ? title : `${title} — Balise`;
  }, [title]);
}

/** The server's message (already in the person's language), or ours when there is none. */
export function errorText(error: ApiError | null | undefined, t: TFunction): string {
  if (!error) return '';
  if (error.message) return error.message;
  if (error.status === 0 || error.code === 'network') return t('errors.network');
  if (error.status === 403) return t('errors.deniedText');
  if (error.status === 404) return t('errors.notFoundText');
  return t('errors.generic');
}

export function PageHeading({ children, lead }: { children: ReactNode; lead?: ReactNode }) {
  return (
    <div className="page-heading">
      <h1>{children}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </div>
  );
}

export function LoadingPage() {
  const { t } = useTranslation();
  useTitle(t('app.loading'));
  return (
    <div className="loading" role="status" aria-live="polite">
      <h1 className="visually-hidden">{t('app.loading')}</h1>
      <span className="spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}

/** A full-page notice with a way back home. */
function NoticePage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useTitle(title);
  return (
    <section className="notice-page" aria-labelledby="notice-title">
      <h1 id="notice-title">{title}</h1>
      {children}
      <p>
        <Link className="button button-secondary" href={paths.home()}>{t('errors.backHome')}</Link>
      </p>
    </section>
  );
}

export function AccessDeniedPage() {
  const { t } = useTranslation();
  return (
    <NoticePage title={t('errors.deniedTitle')}>
      <p>{t('errors.deniedText')}</p>
      <p>{t('errors.deniedHelp')}</p>
    </NoticePage>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <NoticePage title={t('errors.notFoundTitle')}>
      <p>{t('errors.notFoundText')}</p>
    </NoticePage>
  );
}

export function ProblemPage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  useTitle(t('errors.problemTitle'));
  return (
    <section className="notice-page" aria-labelledby="notice-title">
      <h1 id="notice-title">{t('errors.problemTitle')}</h1>
      <p role="alert">{errorText(error, t)}</p>
      {onRetry ? (
        <p>
          <button type="button" className="button" onClick={onRetry}>{t('errors.retry')}</button>
        </p>
      ) : null}
    </section>
  );
}

/** What a page shows while its data is not there: loading, refused (403), unknown (404) or failed. */
export function LoadState({ state, onRetry }: { state: Exclude<Loadable<unknown>, { status: 'ready' }>; onRetry: () => void }) {
  if (state.status === 'loading') return <LoadingPage />;
  if (state.error.status === 403) return <AccessDeniedPage />;
  if (state.error.status === 404) return <NotFoundPage />;
  return <ProblemPage error={state.error} onRetry={onRetry} />;
}

/** A field's error: announced (role=alert), tied to the field by its id, and not by colour alone. */
export function FieldError({ id, message }: { id: string; message: string | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      <span className="field-error-prefix">{t('errors.prefix')}</span> {message}
    </p>
  );
}

/**
 * An error about the whole page or form: announced (role=alert) and prefixed, so not shown by colour
 * alone. `className` adds to `notice notice-error`; `children` follow the message (a way out, say);
 * `ref` and `tabIndex` let the page move focus to it.
 */
export function ErrorNotice({
  message,
  className,
  children,
  ...div
}: Omit<ComponentPropsWithRef<'div'>, 'role' | 'className' | 'children'> & { message: ReactNode; className?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div {...div} className={className ? `notice notice-error ${className}` : 'notice notice-error'} role="alert">
      <p>
        <span className="field-error-prefix">{t('errors.prefix')}</span> {message}
      </p>
      {children}
    </div>
  );
}

const fieldHintId = (id: string) => `${id}-hint`;

/** A field's label and its optional hint (the hint's id is `<id>-hint`, for aria-describedby). */
function FieldLabel({ id, label, hint }: { id: string; label: string; hint?: ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={fieldHintId(id)} className="hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}

/**
 * A required form field: its label, an optional hint, the input and its error, wired for screen
 * readers (the hint and the error describe the input; `formErrorId` names a message for the whole
 * form that concerns it too). Error ids are `<id>-error`, hint ids `<id>-hint`.
 */
export function Field({
  id,
  label,
  hint,
  error,
  formErrorId,
  ...input
}: ComponentPropsWithRef<'input'> & { id: string; label: string; hint?: ReactNode; error?: string | null; formErrorId?: string | null }) {
  const hintId = hint ? fieldHintId(id) : null;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} />
      <input
        id={id}
        required
        aria-required="true"
        aria-invalid={error || formErrorId ? true : undefined}
        aria-describedby={describedBy(hintId, error && errorId, formErrorId)}
        {...input}
      />
      <FieldError id={errorId} message={error ?? null} />
    </div>
  );
}

/**
 * A required file field whose button and "no file chosen" text speak the page's language: the
 * browser's own control speaks the browser's, which is often not the one the person chose here.
 * The native input stays in the page, visually hidden but focusable, so the keyboard and screen
 * readers reach it as usual; the box around the button shows its focus, and files can be dropped
 * on the box. To clear it, give it a new `key`.
 */
export function FileField({
  id,
  label,
  hint,
  error,
  multiple,
  onChange,
  ...input
}: Omit<ComponentPropsWithRef<'input'>, 'type'> & { id: string; label: string; hint?: ReactNode; error?: string | null }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[]>([]);
  const hintId = hint ? fieldHintId(id) : null;
  const errorId = `${id}-error`;
  const chosenId = `${id}-chosen`;
  const show = (files: FileList | null) => setNames(Array.from(files ?? [], (f) => f.name));
  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    const target = document.getElementById(id) as HTMLInputElement | null;
    // As the browser's own control does: several files are not taken by a one-file field.
    if (!target || e.dataTransfer.files.length === 0 || (!multiple && e.dataTransfer.files.length > 1)) return;
    target.files = e.dataTransfer.files;
    target.dispatchEvent(new Event('change', { bubbles: true }));
  };
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} />
      <div className="file-picker" onDragOver={(e) => e.preventDefault()} onDrop={drop}>
        <input
          id={id}
          type="file"
          className="visually-hidden"
          required
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hintId, chosenId, error && errorId)}
          multiple={multiple}
          onChange={(e) => {
            show(e.currentTarget.files);
            onChange?.(e);
          }}
          {...input}
        />
        {/* Hidden from screen readers: the input already has its name from the label above. */}
        <label htmlFor={id} className="button button-secondary file-button" aria-hidden="true">
          {t(multiple ? 'filePicker.chooseMany' : 'filePicker.chooseOne')}
        </label>
        <span id={chosenId} className="file-chosen">
          {names.length === 0 ? t('filePicker.none') : t('filePicker.chosen', { count: names.length, names: names.join(', ') })}
        </span>
      </div>
      <FieldError id={errorId} message={error ?? null} />
    </div>
  );
}

/** One term and its value in a list of facts (`<dl>`). */
export function Fact({ label, children, className }: { label: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Ids for aria-describedby, leaving out the ones not shown. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return list.length > 0 ? list.join(' ') : undefined;
}

/** A section holding one table (its `<thead>` and `<tbody>` as children), or a sentence when there is nothing to list. */
export function TableSection({
  id,
  title,
  isEmpty,
  emptyText,
  region,
  caption,
  children,
}: {
  id: string;
  title: ReactNode;
  isEmpty: boolean;
  emptyText: string;
  /** Name of the scrollable region around the table. */
  region: string;
  caption: string;
  children: ReactNode;
}) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {isEmpty ? (
        <p className="empty">{emptyText}</p>
      ) : (
        <TableScroll label={region}>
          <table className="table">
            <caption>{caption}</caption>
            {children}
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** Scroll container for a wide table on a small screen: focusable and named, so it can be scrolled by keyboard. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
