import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './config-docs.js';
import { settingNames, settings } from './config.schema.js';

describe('renderConfigDocs', () => {
  it('documents every setting with its variable, file key, default and example', () => {
    const docs = renderConfigDocs();
    for (const name of settingNames) {
      const setting = settings[name];
      expect(docs).toContain(`### \`${setting.env}\``);
      expect(docs).toContain(`- File key: \`${name}\``);
      expect(docs).toContain(`- Example: \`${setting.env}=${setting.example}\``);
    }
    expect(docs).toContain('| `COFFER_PUBLIC_URL` | `publicUrl` | `http://<host>:<port>` |');
  });

  it('marks secret settings', () => {
    const section = renderConfigDocs()
      .split('### ')
      .find((part) => part.startsWith('`COFFER_DATABASE_URL`'));
    expect(section).toContain('- Secret:');
  });
});
