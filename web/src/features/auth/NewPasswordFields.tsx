/** The shortest password the server accepts for a new account (the API's own check is the one that counts). */
export const minPasswordLength = 10;

/** A new password, typed twice: setup, invitation, registration and recovery pages (see use-new-password-form.ts). */
export function NewPasswordFields(props: { password: string; onPassword: (value: string) => void; confirm: string; onConfirm: (value: string) => void }) {
  return (
    <>
      <label>
        Password (at least {minPasswordLength} characters)
        <input
          type="password"
          autoComplete="new-password"
          minLength={minPasswordLength}
          required
          value={props.password}
          onChange={(e) => props.onPassword(e.target.value)}
        />
      </label>
      <label>
        Repeat the password
        <input type="password" autoComplete="new-password" required value={props.confirm} onChange={(e) => props.onConfirm(e.target.value)} />
      </label>
    </>
  );
}
