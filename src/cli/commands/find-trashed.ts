import { isId, type CofferClient, type NodeDto } from '../../sdk/index.js';
import { CliError, UsageError } from '../cli-error.js';
import { formatTime } from '../format.js';

/**
 * An item in the trash by its id or by the name `coffer trash` shows. A path's last segment counts as
 * its name, since trashed items are listed without their former folder.
 */
export async function findTrashed(client: CofferClient, idOrName: string): Promise<NodeDto> {
  const { items } = await client.listTrash();
  if (isId(idOrName)) {
    const byId = items.find((item) => item.id === idOrName);
    if (byId) return byId;
  }
  const name = idOrName.split('/').filter(Boolean).at(-1) ?? idOrName;
  const matches = items.filter((item) => item.name === idOrName || item.name === name);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw new CliError('node.not_found', `Nothing named ${idOrName} is in the trash.`, { status: 404 });
  const choices = matches.map((m) => `  ${m.id}  ${m.type}  trashed ${m.trashedAt ? formatTime(m.trashedAt) : '?'}`).join('\n');
  throw new UsageError(`Several items named ${name} are in the trash; give one of their ids:\n${choices}`);
}
