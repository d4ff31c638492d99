import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../app/client';

type Tone = 'success' | 'error' | 'info';
interface Toast {
  readonly id: number;
  readonly tone: Tone;
  readonly text: string;
}

export interface Toaster {
  success(text: string): void;
  error(errOrText: unknown): void;
  info(text: string): void;
}

const ToastContext = createContext<Toaster | undefined>(undefined);

/** Every action ends in a toast; errors stay until dismissed, successes fade after a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const push = useCallback(
    (tone: Tone, text: string) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-4), { id, tone, text }]);
      if (tone !== 'error') window.setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({
      success: (text) => push('success', text),
      info: (text) => push('info', text),
      error: (errOrText) => push('error', typeof errOrText === 'string' ? errOrText : describeError(errOrText)),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} data-testid={`toast-${toast.tone}`}>
            <span>{toast.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToasts outside ToastProvider');
  return toaster;
}
