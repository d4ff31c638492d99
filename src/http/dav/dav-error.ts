/**
 * A WebDAV answer that is not in the REST error catalogue: protocol statuses (207-style preconditions,
 * 405, 409, 412, 415, 423, 502) with an optional RFC 4918 precondition element for the XML error body.
 */
export class DavError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly precondition?: string,
  ) {
    super(message);
    this.name = 'DavError';
  }
}
