import type { CofferConfig } from '../config/index.js';
import { createServices } from './services.js';

/** `coffer admin create`: works on the data folder or database directly; no server needed. */
export async function createFirstAdmin(config: CofferConfig, email: string, password: string): Promise<{ userId: string; recoveryKey: string }> {
  const services = await createServices(config);
  try {
    const { user, recoveryKey } = await services.setup.createFirstAdmin(email, password);
    return { userId: user.id, recoveryKey };
  } finally {
    await services.close();
  }
}
