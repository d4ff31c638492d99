// Baseline for `npm run bench`: the least a file server can do — stream the request body to a file
// and stream the file back — with Node's http module on the same machine. Prints its URL, then serves.
// With ?durable=1 it also fsyncs the file before answering, as a server that promises durability must.
import { createReadStream, createWriteStream, fsyncSync, openSync, closeSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
const server = createServer(async (req, res) => {
  const file = path.join(dir, 'baseline.bin');
  try {
    if (req.method === 'PUT') {
      await pipeline(req, createWriteStream(file));
      if (req.url.includes('durable=1')) {
        const fd = openSync(file, 'r');
        fsyncSync(fd);
        closeSync(fd);
      }
      res.writeHead(201).end();
    } else {
      res.writeHead(200, { 'content-length': statSync(file).size });
      await pipeline(createReadStream(file), res);
    }
  } catch {
    res.destroy();
  }
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })));
