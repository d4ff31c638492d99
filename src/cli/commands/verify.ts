import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { PlaintextMac, parseVerifierKey } from '../../crypto/index.js';
import { ReceiptError, verifyReceipt, type Receipt } from '../../features/ledger/index.js';
import { CliError, UsageError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { readLogState, saveLogState } from '../log-state.js';
import { checkLog } from '../verify-log.js';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: "Check offline that a local file is exactly a stored version (with its receipt), or check the server's log.",
  args: 'FILE RECEIPT | --log',
  positionals: { min: 0, max: 2 },
  options: {
    log: { type: 'boolean', description: "Check the server's current log against the last checkpoint this client saw, and remember the new one." },
  },
  details: [
    "With FILE and RECEIPT (from `coffer receipt`), nothing is fetched: the receipt's checkpoint signature, the inclusion of",
    "its log entry, the manifest and object list, and a keyed hash of FILE's bytes are all checked locally. If this client",
    'pinned a key for that log (with `verify --log`), the receipt must be signed by it.',
    'With --log, the first run pins the log key (trust on first use); later runs fail when the server serves a smaller,',
    'forked or differently signed log. Both exit with 7 when a check fails.',
  ],
  examples: ['coffer receipt /Reports/scan.pdf > scan.receipt.json', 'coffer verify ./scan.pdf scan.receipt.json', 'coffer verify --log'],
  async run({ out, connect, configDir }, { values, positionals }) {
    if (values.log) {
      if (positionals.length !== 0) throw new UsageError('`coffer verify --log` takes no FILE or RECEIPT.');
      const state = await readLogState(configDir);
      const result = await checkLog(await connect(), (origin) => state[origin]);
      const cp = result.checkpoint;
      state[result.origin] = {
        verifierKey: result.verifierKey,
        checkpoint: cp.note,
        size: cp.size,
        rootHash: cp.rootHash.toString('base64'),
        seenAt: new Date().toISOString(),
      };
      await saveLogState(configDir, state);
      const how = result.pinnedNow ? `pinned log key ${result.verifierKey} (first use)` : `consistent with the ${result.previousSize} entries seen before`;
      out.result(
        {
          ok: true,
          origin: result.origin,
          size: cp.size,
          rootHash: cp.rootHash.toString('base64'),
          previousSize: result.previousSize,
          pinnedNow: result.pinnedNow,
        },
        [`Log ${result.origin} OK: ${cp.size} entries, ${how}.`],
      );
      return;
    }
    if (positionals.length !== 2) throw new UsageError('Give FILE and RECEIPT, or --log.');
    const [file = '', receiptFile = ''] = positionals;
    const receipt = await readReceipt(receiptFile);
    const origin = parseVerifierKey(typeof receipt.logKey === 'string' ? receipt.logKey : '')?.name;
    const pinned = origin ? (await readLogState(configDir))[origin]?.verifierKey : undefined;
    let verified;
    try {
      verified = verifyReceipt(receipt, pinned);
    } catch (err) {
      if (err instanceof ReceiptError) throw mismatch(`The receipt does not verify: ${err.message}.`);
      throw err;
    }
    if (!verified.plaintextMac)
      throw mismatch(
        'This version came from a resumable upload and has no plaintext commitment: the receipt proves the stored ciphertext (objects, Merkle root, log inclusion), not a local file.',
      );
    if (!verified.plaintextMacKey)
      throw mismatch("The receipt carries no plaintext key (an auditor's receipt): it proves the stored ciphertext, not a local file.");
    const size = (await stat(file)).size;
    if (size !== verified.size) throw mismatch(`${file} has ${size} bytes; the stored version has ${verified.size}.`);
    const mac = new PlaintextMac(verified.plaintextMacKey, receipt.fileId, receipt.versionId);
    for await (const piece of createReadStream(file)) mac.update(piece as Buffer);
    if (!mac.digest().equals(verified.plaintextMac)) throw mismatch(`${file} is not the stored version: its bytes differ.`);
    out.result(
      {
        ok: true,
        fileId: receipt.fileId,
        versionId: receipt.versionId,
        size,
        logIndex: receipt.entry.index,
        checkpointSize: verified.checkpoint.size,
        keyPinned: pinned !== undefined,
      },
      [
        `${file} is exactly version ${receipt.versionId} of file ${receipt.fileId} (${size} bytes),`,
        `recorded as entry ${receipt.entry.index} of log ${verified.checkpoint.origin} (checkpoint of ${verified.checkpoint.size} entries${pinned ? ', pinned key' : ', key not pinned on this client'}).`,
      ],
    );
  },
});

function mismatch(message: string): CliError {
  return new CliError('ledger.integrity_failed', message, { status: 500 });
}

async function readReceipt(file: string): Promise<Receipt> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    throw new UsageError(`${file} is not a JSON receipt.`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== 'coffer-receipt/v1') {
    throw new UsageError(`${file} is not a coffer-receipt/v1 receipt.`);
  }
  return json as Receipt;
}
