import type { CofferClient, UserDto } from '../../sdk/index.js';
import { CliError } from '../cli-error.js';

/** An account by its id or its email address (case-insensitive). */
export async function findUser(client: CofferClient, idOrEmail: string): Promise<UserDto> {
  const { users } = await client.listUsers();
  const wanted = idOrEmail.toLowerCase();
  const user = users.find((u) => u.id === idOrEmail || u.email.toLowerCase() === wanted);
  if (!user) throw new CliError('user.not_found', `There is no account ${idOrEmail}.`, { status: 404 });
  return user;
}
