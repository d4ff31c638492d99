import { useId, type ReactNode } from 'react';
import { FormError } from '../../components/FormError';

/** The centred card of every page a person sees before they are signed in (sign-in, setup, invitation, …). */
export function AuthCard({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <main className="auth-page">
      <section className={className ? `auth-card ${className}` : 'auth-card'} aria-labelledby={titleId}>
        <h1 id={titleId}>{title}</h1>
        {children}
      </section>
    </main>
  );
}

/**
 * A form of one of those pages: the browser's own validation bubbles stay off (`noValidate`) because the page's
 * messages say more, and the button shows the work in progress.
 */
export function AuthForm(props: {
  onSubmit: () => void;
  error: string | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  disabled?: boolean;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      {props.error && <FormError>{props.error}</FormError>}
      <button type="submit" className="primary" disabled={props.busy || props.disabled}>
        {props.busy ? props.busyLabel : props.submitLabel}
      </button>
      {props.footer}
    </form>
  );
}
