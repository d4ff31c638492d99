import { DavError } from './dav-error.js';
import type { DavRequest } from './dav-context.js';
import { parseXml, type XmlElement } from './dav-xml.js';

/** PROPFIND, PROPPATCH and LOCK bodies are small documents; anything larger is refused (413) before parsing. */
export const maxXmlBodyBytes = 256 * 1024;

/** The request's XML body, or undefined when there is none. */
export async function readXmlBody(dav: DavRequest): Promise<XmlElement | undefined> {
  const declared = Number(dav.header('content-length') ?? Number.NaN);
  if (declared > maxXmlBodyBytes) throw new DavError(413, `The XML body may not exceed ${maxXmlBodyBytes} bytes.`);
  const pieces: Buffer[] = [];
  let total = 0;
  for await (const piece of dav.request.raw as AsyncIterable<Buffer>) {
    total += piece.length;
    if (total > maxXmlBodyBytes) throw new DavError(413, `The XML body may not exceed ${maxXmlBodyBytes} bytes.`);
    pieces.push(piece);
  }
  const text = Buffer.concat(pieces).toString('utf8');
  if (text.trim() === '') return undefined;
  return parseXml(text);
}

/** MKCOL with a body asks for something we do not support (RFC 4918 §9.3: 415). */
export async function refuseBody(dav: DavRequest): Promise<void> {
  for await (const piece of dav.request.raw as AsyncIterable<Buffer>) {
    if (piece.length > 0) throw new DavError(415, 'MKCOL with a request body is not supported.');
  }
}
