/** A date input's value (YYYY-MM-DD) as the end of that local day in ISO 8601; empty means never. */
export function expiryFromDate(value: string): string | null {
  if (!value) return null;
  return new Date(`${value}T23:59:59`).toISOString();
}
