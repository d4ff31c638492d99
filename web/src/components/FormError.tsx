import type { ReactNode } from 'react';

/** A message a form must announce (role="alert"): a failed step, or what the page is missing. */
export function FormError({ children }: { children: ReactNode }) {
  return (
    <p className="form-error" role="alert">
      {children}
    </p>
  );
}
