/** How a new account's recovery key is shown to people: once, with what it is for. */
export function recoveryKeyNotice(recoveryKey: string): string[] {
  return [
    '',
    `  Recovery key: ${recoveryKey}`,
    '',
    'This recovery key is shown once and cannot be shown again. Store it safely (a password manager,',
    "or on paper): it is the only way back into this account's files if the password is lost.",
  ];
}
