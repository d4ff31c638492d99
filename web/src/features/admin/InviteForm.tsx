import { useState, type FormEvent } from 'react';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';

/** Invites someone by email: they receive a link to choose their own password (and get their own recovery key). */
export function InviteForm() {
  const toasts = useToasts();
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    client.inviteUser({ email, role: 'user' }).then(
      () => {
        toasts.success(`Invitation sent to ${email}.`);
        setEmail('');
      },
      (err: unknown) => toasts.error(err),
    );
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Invite by email">
      <input type="email" required aria-label="Email to invite" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
      <button type="submit">Send invitation</button>
    </form>
  );
}
