// `node bench/shared-copy.mjs`: why src/storage/shared-memory-copy.ts exists. Copies 64 KiB pieces into a
// 4 MiB SharedArrayBuffer at the same and at a different alignment (mod 8) from their source, plainly and through
// copyIntoShared, with an ordinary ArrayBuffer as the baseline; then wipes 4 MiB of shared memory both ways.
import { randomBytes } from 'node:crypto';
import { copyIntoShared, zeroShared } from '../dist/storage/shared-memory-copy.js';

const objectBytes = 4 << 20;
const shared = Buffer.from(new SharedArrayBuffer(objectBytes));
const ordinary = Buffer.from(new ArrayBuffer(objectBytes));
const source = randomBytes(65_536);

function rate(label, fill, rounds = 128) {
  for (let i = 0; i < 8; i++) fill();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fill();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(44)} ${((rounds * objectBytes) / 1e6 / seconds).toFixed(0).padStart(6)} MB/s`);
}
const copyAll = (skew, copy) => () => {
  for (let at = skew; at + source.length <= objectBytes; at += source.length) copy(at);
};

for (const skew of [0, 3]) {
  console.log(`pieces ${skew === 0 ? 'aligned with' : 'misaligned (by 3) from'} their target`);
  rate(
    '  into ordinary memory, set()',
    copyAll(skew, (at) => ordinary.set(source, at)),
  );
  rate(
    '  into shared memory, set()',
    copyAll(skew, (at) => shared.set(source, at)),
  );
  rate(
    '  into shared memory, copyIntoShared()',
    copyAll(skew, (at) => copyIntoShared(shared, at, source)),
  );
}
console.log('wiping 4 MiB of shared memory');
rate('  Uint8Array fill(0)', () => new Uint8Array(shared.buffer).fill(0));
rate('  zeroShared()', () => zeroShared(shared.buffer));
