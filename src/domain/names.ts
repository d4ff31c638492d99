import { CofferError } from './errors.js';

/** File and folder names are stored NFC-normalized, so "é" typed two ways is one name. */
export const maxNameBytes = 255;
const utf8 = new TextEncoder();

/**
 * Returns the canonical form of a user-supplied name or throws `node.name_invalid`
 * with a message that says which rule was broken.
 */
export function normalizeName(raw: string): string {
  const name = raw.normalize('NFC');
  const reject = (why: string): never => {
    throw new CofferError('node.name_invalid', `This name is not allowed: ${why}.`);
  };
  if (name.length === 0) reject('it is empty');
  if (name === '.' || name === '..') reject('"." and ".." are reserved');
  if (name.includes('/')) reject('it contains "/"');
  if (name.includes('\\')) reject('it contains "\\"');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) reject('it contains a control character');
  if (name !== name.trim()) reject('it starts or ends with a space');
  if (utf8.encode(name).length > maxNameBytes) reject(`it is longer than ${maxNameBytes} bytes of UTF-8`);
  if (/[\ud800-\udfff]/u.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) reject('it contains an unpaired surrogate');
  return name;
}
