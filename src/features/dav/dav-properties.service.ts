import { CofferError } from '../../domain/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { nodeSecretKey, openNodeText, sealNodeText } from './node-secrets.js';

/** A dead property: its qualified name and its value as a self-contained XML fragment. */
export interface DeadProperty {
  readonly ns: string;
  readonly name: string;
  readonly xml: string;
}

export type PropertyChange =
  { readonly action: 'set'; readonly property: DeadProperty } | { readonly action: 'remove'; readonly ns: string; readonly name: string };

/** Most a node may hold, sealed: properties are metadata, not a second file store. */
export const maxPropertyBytes = 64 * 1024;

const keyOf = (ns: string, name: string): string => `${ns}\u0000${name}`;

/** Dead properties (RFC 4918 §4) stored sealed per node; all changes of one PROPPATCH apply together or not at all. */
export class DavPropertiesService {
  constructor(private readonly files: FilesDeps) {}

  async list(auth: AuthContext, nodeId: string): Promise<DeadProperty[]> {
    const chain = this.files.keyChain(auth);
    const node = await chain.liveNode(nodeId);
    const sealed = await this.files.store.repos.dav.findProperties(node.id);
    if (!sealed) return [];
    const key = await nodeSecretKey(chain, node);
    if (!key) return [];
    return JSON.parse(openNodeText(key, 'properties', node.id, sealed)) as DeadProperty[];
  }

  /** The properties of many nodes at once (a PROPFIND listing); nodes without any are left out. */
  async listMany(auth: AuthContext, nodeIds: readonly string[]): Promise<Map<string, DeadProperty[]>> {
    const sealed = await this.files.store.repos.dav.findPropertiesOf(nodeIds);
    const out = new Map<string, DeadProperty[]>();
    for (const nodeId of sealed.keys()) out.set(nodeId, await this.list(auth, nodeId));
    return out;
  }

  async patch(auth: AuthContext, nodeId: string, changes: readonly PropertyChange[]): Promise<void> {
    const chain = this.files.keyChain(auth);
    const node = await chain.liveNode(nodeId);
    const key = await nodeSecretKey(chain, node);
    if (!key) throw new CofferError('file.passphrase_required', 'Properties cannot be stored on a passphrase-protected file.');
    const current = new Map((await this.list(auth, nodeId)).map((p) => [keyOf(p.ns, p.name), p]));
    for (const change of changes) {
      if (change.action === 'set') current.set(keyOf(change.property.ns, change.property.name), change.property);
      else current.delete(keyOf(change.ns, change.name));
    }
    const all = [...current.values()];
    const text = JSON.stringify(all);
    if (Buffer.byteLength(text) > maxPropertyBytes) throw new CofferError('request.too_large', 'The properties of one item may not exceed 64 KiB.');
    const sealed = all.length ? sealNodeText(key, 'properties', node.id, text) : null;
    await this.files.store.repos.dav.saveProperties(node.id, auth.userId, sealed, Date.now());
  }

  /** COPY carries dead properties to the copy (RFC 4918 §9.8.2), re-sealed under the copy's key. */
  async copy(auth: AuthContext, fromId: string, toId: string): Promise<void> {
    const properties = await this.list(auth, fromId);
    if (properties.length)
      await this.patch(
        auth,
        toId,
        properties.map((property) => ({ action: 'set', property })),
      );
  }
}
