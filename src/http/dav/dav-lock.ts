import { CofferError } from '../../domain/index.js';
import { maxLockSeconds, type DavLock } from '../../features/dav/index.js';
import { readXmlBody } from './dav-body.js';
import { checkConditions } from './dav-conditions.js';
import { hrefFor, type DavRequest } from './dav-context.js';
import { DavError } from './dav-error.js';
import { parseIfHeader, submittedTokens } from './dav-if-header.js';
import { activeLockXml, xmlHeader } from './dav-render.js';
import { child, davNs, serializeChildren } from './dav-xml.js';

const defaultLockSeconds = 3600;

/**
 * LOCK: a new lock (body DAV:lockinfo) or a refresh (no body, the token in the If header). Locking an
 * unmapped address creates an empty file there first (RFC 4918 §7.3), which is how Windows and
 * Office save new documents.
 */
export async function lock(dav: DavRequest): Promise<void> {
  const body = await readXmlBody(dav);
  const timeoutSeconds = parseTimeout(dav.header('timeout'));
  if (!body) {
    const header = dav.header('if');
    if (header === undefined) throw new DavError(400, 'A lock refresh needs the lock token in an If header.');
    const target = await dav.find();
    if (!target) throw new DavError(412, 'Nothing at this address.');
    let refreshed: DavLock | undefined;
    for (const token of submittedTokens(parseIfHeader(header))) {
      refreshed = await dav.services.davLocks.refresh(dav.auth, target.node.id, token, timeoutSeconds).catch(() => undefined);
      if (refreshed) break;
    }
    if (!refreshed) throw new DavError(412, 'No lock with these tokens covers this item.', 'lock-token-matches-request-uri');
    sendLock(dav, 200, refreshed, hrefFor(target));
    return;
  }

  if (body.ns !== davNs || body.name !== 'lockinfo') throw new DavError(400, 'The body must be a DAV:lockinfo element.');
  const scopeElement = child(body, davNs, 'lockscope');
  const scope =
    scopeElement && child(scopeElement, davNs, 'shared') ? 'shared' : scopeElement && child(scopeElement, davNs, 'exclusive') ? 'exclusive' : undefined;
  const type = child(body, davNs, 'locktype');
  if (!scope || !type || !child(type, davNs, 'write')) throw new DavError(400, 'Only write locks, exclusive or shared, are supported.');
  const ownerElement = child(body, davNs, 'owner');
  const depth = dav.header('depth')?.trim().toLowerCase() ?? 'infinity';
  if (depth !== '0' && depth !== 'infinity') throw new DavError(400, 'LOCK takes Depth: 0 or infinity.');

  let target = await dav.find();
  let created = false;
  if (!target) {
    const parent = await dav.parentFolder();
    await checkConditions(dav, undefined, [{ nodeId: parent.node.id, descendants: false }]);
    await dav.services.upload.uploadNew(dav.auth, {
      parentId: parent.node.id,
      name: dav.path.segments.at(-1)!,
      onConflict: 'fail',
      body: emptyBody(),
      declaredLength: 0,
    });
    target = await dav.find();
    if (!target) throw new DavError(409, 'The item vanished while it was being locked.');
    created = true;
  }
  try {
    const granted = await dav.services.davLocks.lock(dav.auth, target.node.id, {
      scope,
      depth: target.node.type === 'folder' && depth === 'infinity' ? 'infinity' : '0',
      owner: ownerElement ? serializeChildren(ownerElement) : undefined,
      timeoutSeconds,
    });
    void dav.reply.header('lock-token', `<${granted.token}>`);
    sendLock(dav, created ? 201 : 200, granted, hrefFor(target));
  } catch (err) {
    if (err instanceof CofferError && err.code === 'dav.locked') throw new DavError(423, 'A conflicting lock is held on this item.', 'no-conflicting-lock');
    throw err;
  }
}

export async function unlock(dav: DavRequest): Promise<void> {
  const token = /^\s*<([^>]+)>\s*$/.exec(dav.header('lock-token') ?? '')?.[1];
  if (!token) throw new DavError(400, 'UNLOCK needs a Lock-Token header.');
  const target = await dav.find();
  if (!target) throw new DavError(404, 'Nothing at this address.');
  try {
    await dav.services.davLocks.unlock(dav.auth, target.node.id, token);
  } catch (err) {
    if (err instanceof CofferError && err.code === 'dav.lock_token_mismatch') throw new DavError(409, err.message, 'lock-token-matches-request-uri');
    throw err;
  }
  await dav.reply.code(204).send();
}

function sendLock(dav: DavRequest, status: number, granted: DavLock, href: string): void {
  void dav.reply
    .code(status)
    .type('application/xml; charset=utf-8')
    .send(`${xmlHeader}<D:prop xmlns:D="DAV:"><D:lockdiscovery>${activeLockXml(granted, href)}</D:lockdiscovery></D:prop>`);
}

/** "Second-600, Infinite": the first value we understand; Infinite means our longest lock. */
function parseTimeout(header: string | undefined): number {
  for (const part of (header ?? '').split(',')) {
    const value = part.trim();
    if (/^infinite$/i.test(value)) return maxLockSeconds;
    const seconds = /^second-(\d+)$/i.exec(value)?.[1];
    if (seconds) return Math.min(maxLockSeconds, Number(seconds));
  }
  return defaultLockSeconds;
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
