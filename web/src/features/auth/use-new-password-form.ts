import { useState } from 'react';
import { describeError } from '../../app/client';
import { minPasswordLength } from './NewPasswordFields';

/**
 * State of a form that sets a new password (typed twice): checks length and match before anything is sent, then runs
 * the request with the button busy and any failure shown as one sentence (`explain` may word known errors better).
 */
export function useNewPasswordForm(explain: (err: unknown) => string = describeError) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (send: (password: string) => Promise<void>): Promise<void> => {
    if (password.length < minPasswordLength) return setError(`The password needs at least ${minPasswordLength} characters.`);
    if (password !== confirm) return setError('The two passwords differ.');
    setBusy(true);
    setError(undefined);
    try {
      await send(password);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return { fields: { password, onPassword: setPassword, confirm, onConfirm: setConfirm }, busy, error, submit };
}
