import { defineCommand } from '../command.js';
import { plural } from '../format.js';

export const requestAdoptCommand = defineCommand({
  name: 'request adopt',
  summary: 'File away uploads that arrived through your file requests.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer request adopt'],
  async run({ out, connect }) {
    const result = await (await connect()).sharing.adoptDrops();
    out.result(result, `Adopted ${plural(result.adopted, 'file')}`);
  },
});
