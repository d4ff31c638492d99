import { randomUUID } from 'node:crypto';
import { IntegrityError } from '../../domain/index.js';
import { merkleRoot, sha256 } from '../../crypto/index.js';
import type { Store, VersionWithObjects } from '../../db/index.js';
import { checkContentLayout, checkObject, type BlobStore } from '../../storage/index.js';
import { problemKindFor, recordProblem, type ScrubReport } from './scrub-report.js';

export interface ScrubberOptions {
  /** Objects checked at once (each read whole from every replica, so memory is about n × replicas × 4 MiB). */
  readonly parallelObjects?: number;
  /** Finished reports kept in the database. */
  readonly keepReports?: number;
}

/**
 * Reads every object on every backend and checks it against its key (SHA-256), checks every version's object list
 * against its size and Merkle root, copies good replicas over bad or missing ones, and stores a report.
 * Without keys it cannot tell a consistent database edit (list and root both rewritten) from the truth: downloads
 * (AES-GCM per chunk) and the audit log catch that.
 */
export class Scrubber {
  private running: Promise<ScrubReport> | undefined;
  private current: ScrubReport | undefined;
  private readonly parallel: number;
  private readonly keep: number;

  constructor(
    private readonly store: Store,
    /** Every backend, in read order (one entry when storage is not replicated). */
    private readonly replicas: readonly BlobStore[],
    options: ScrubberOptions = {},
  ) {
    this.parallel = options.parallelObjects ?? 4;
    this.keep = options.keepReports ?? 20;
  }

  /** The scrub in progress, if any: its report so far. */
  get inProgress(): ScrubReport | undefined {
    return this.current;
  }

  /** Runs a scrub, or joins the one already running (one at a time per process). */
  run(): Promise<ScrubReport> {
    this.running ??= this.scrub().finally(() => {
      this.running = undefined;
      this.current = undefined;
    });
    return this.running;
  }

  async lastReport(): Promise<ScrubReport | undefined> {
    const row = await this.store.repos.scrubReports.latest();
    return row ? (JSON.parse(row.report) as ScrubReport) : undefined;
  }

  private async scrub(): Promise<ScrubReport> {
    const report: ScrubReport = {
      id: randomUUID(),
      startedAt: Date.now(),
      finishedAt: 0,
      versionsChecked: 0,
      objectsChecked: 0,
      unreferencedObjects: 0,
      bytesVerified: 0,
      megabytesPerSecond: 0,
      repaired: 0,
      unrepaired: 0,
      backends: this.replicas.map((r) => ({ description: r.description, objects: 0, bytesVerified: 0, missing: 0, corrupt: 0, unreachable: 0, repaired: 0 })),
      problems: [],
      problemsOmitted: 0,
    };
    this.current = report;
    let after: string | undefined;
    for (;;) {
      const page = await this.store.repos.versions.pageWithObjects(after, 100);
      if (page.length === 0) break;
      for (const entry of page) await this.checkVersion(report, entry);
      after = page.at(-1)!.version.id;
    }
    for (const [index, replica] of this.replicas.entries()) await this.checkUnreferenced(report, index, replica);
    report.finishedAt = Date.now();
    const seconds = Math.max(0.001, (report.finishedAt - report.startedAt) / 1000);
    report.megabytesPerSecond = Math.round((report.bytesVerified / 1e6 / seconds) * 10) / 10;
    await this.store.repos.scrubReports.insert(
      { id: report.id, started_at: report.startedAt, finished_at: report.finishedAt, report: JSON.stringify(report) },
      this.keep,
    );
    return report;
  }

  private async checkVersion(report: ScrubReport, { version, objects }: VersionWithObjects): Promise<void> {
    report.versionsChecked += 1;
    const ids = { fileId: version.node_id, versionId: version.id };
    const root = merkleRoot(objects.map((o) => Buffer.from(o.key, 'hex')));
    if (!root.equals(Buffer.from(version.merkle_root))) recordProblem(report, { kind: 'merkle-mismatch', ...ids, repaired: false });
    else {
      try {
        checkContentLayout({ size: version.size, objects, merkleRoot: root });
      } catch (err) {
        if (!(err instanceof IntegrityError)) throw err;
        recordProblem(report, { kind: 'layout-mismatch', ...ids, repaired: false });
      }
    }
    const keys = [...new Set(objects.map((o) => o.key))];
    for (let start = 0; start < keys.length; start += this.parallel) {
      await Promise.all(keys.slice(start, start + this.parallel).map((key) => this.checkReferenced(report, key, ids)));
    }
  }

  private async checkReferenced(report: ScrubReport, key: string, ids: { fileId: string; versionId: string }): Promise<void> {
    const check = await checkObject(this.replicas, key, { repair: true });
    report.objectsChecked += 1;
    report.bytesVerified += check.bytesVerified;
    for (const [index, state] of check.states.entries()) {
      const figures = report.backends[index]!;
      figures.bytesVerified += check.bytesByReplica[index] ?? 0;
      if (state === 'good') continue;
      figures[state] += 1;
      const repaired = check.repaired.includes(index);
      if (repaired) {
        figures.repaired += 1;
        report.repaired += 1;
      }
      recordProblem(report, { kind: problemKindFor(state), ...ids, objectKey: key, backend: figures.description, repaired });
    }
  }

  /** Lists one backend: counts its objects, and hashes those no version uses (the referenced ones were checked above). */
  private async checkUnreferenced(report: ScrubReport, index: number, replica: BlobStore): Promise<void> {
    const figures = report.backends[index]!;
    let batch: string[] = [];
    const sweep = async (): Promise<void> => {
      const used = await this.store.repos.versions.referencedObjects(batch);
      for (const key of batch) {
        if (used.has(key)) continue;
        report.unreferencedObjects += 1;
        const bytes = await replica.get(key).catch(() => undefined);
        if (!bytes) continue; // deleted meanwhile
        report.bytesVerified += bytes.length;
        figures.bytesVerified += bytes.length;
        if (sha256(bytes).toString('hex') !== key)
          recordProblem(report, { kind: 'unreferenced-corrupt', objectKey: key, backend: figures.description, repaired: false });
      }
      batch = [];
    };
    for await (const info of replica.list()) {
      figures.objects += 1;
      batch.push(info.key);
      if (batch.length === 500) await sweep();
    }
    await sweep();
  }
}
