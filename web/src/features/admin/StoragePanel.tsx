import { useCallback, useEffect, useState } from 'react';
import type { Api, ResultOf } from '@coffer/sdk';
import { client } from '../../app/client';
import { formatBytes } from '../../components/format';
import { useToasts } from '../../components/toasts';

type Health = ResultOf<Api['serverHealth']>;
type Storage = ResultOf<Api['storageHealth']>;
type Report = NonNullable<Storage['scrub']['last']>;

/** Server and storage health, the last scrub report, and a button to run a scrub now (polls while it runs). */
export function StoragePanel() {
  const toasts = useToasts();
  const [health, setHealth] = useState<Health>();
  const [storage, setStorage] = useState<Storage>();
  const load = useCallback(() => {
    Promise.all([client.serverHealth(), client.storageHealth()]).then(
      ([h, s]) => {
        setHealth(h);
        setStorage(s);
      },
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(load, [load]);
  const running = storage?.scrub.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(load, 1000);
    return () => window.clearInterval(timer);
  }, [running, load]);

  const scrub = (): void => {
    client.startScrub().then(
      () => {
        toasts.success('Scrub started.');
        load();
      },
      (err: unknown) => toasts.error(err),
    );
  };

  return (
    <section className="stack" aria-labelledby="health-title">
      <h2 id="health-title">Server and storage</h2>
      {health && (
        <dl className="facts" data-testid="server-health">
          <dt>Accounts</dt>
          <dd>{health.users}</dd>
          <dt>Storage used</dt>
          <dd>{formatBytes(health.usedBytes)}</dd>
          <dt>Database</dt>
          <dd>{health.database}</dd>
          <dt>Storage</dt>
          <dd>{health.storage}</dd>
        </dl>
      )}
      {storage && (
        <>
          <dl className="facts">
            <dt>Backends (read order)</dt>
            <dd>{storage.backends.map((backend) => backend.description).join(', ')}</dd>
            <dt>Write quorum</dt>
            <dd>{storage.writeQuorum}</dd>
            <dt>File versions</dt>
            <dd>{storage.versions}</dd>
            <dt>Stored objects</dt>
            <dd>{storage.objects}</dd>
            <dt>Pending repairs</dt>
            <dd>{storage.pendingRepairs}</dd>
          </dl>
          <div className="toolbar">
            <h3>Scrub</h3>
            <span className="spacer" />
            <button type="button" onClick={scrub} disabled={running}>
              {running ? 'Scrub running…' : 'Run scrub'}
            </button>
          </div>
          {storage.scrub.current && <ScrubReportView title="Scrub in progress" report={storage.scrub.current} />}
          {storage.scrub.last ? <ScrubReportView title="Last scrub" report={storage.scrub.last} /> : <p className="muted">No scrub has run yet.</p>}
        </>
      )}
    </section>
  );
}

function ScrubReportView({ title, report }: { title: string; report: Report }) {
  const finished = report.finishedAt > 0;
  return (
    <div className="stack" data-testid={finished ? 'scrub-report' : 'scrub-progress'}>
      <h4>{title}</h4>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{new Date(report.startedAt).toLocaleString()}</dd>
        {finished && (
          <>
            <dt>Finished</dt>
            <dd>{new Date(report.finishedAt).toLocaleString()}</dd>
          </>
        )}
        <dt>Versions checked</dt>
        <dd>{report.versionsChecked}</dd>
        <dt>Objects checked</dt>
        <dd data-testid="scrub-objects">{report.objectsChecked}</dd>
        <dt>Verified</dt>
        <dd>
          {formatBytes(report.bytesVerified)} at {report.megabytesPerSecond.toFixed(1)} MB/s
        </dd>
        <dt>Unreferenced objects</dt>
        <dd>{report.unreferencedObjects}</dd>
        <dt>Repaired</dt>
        <dd>{report.repaired}</dd>
        <dt>Problems left</dt>
        <dd data-testid="scrub-unrepaired">{report.unrepaired}</dd>
      </dl>
      {report.problems.length > 0 && (
        <ul>
          {report.problems.map((problem, index) => (
            <li key={index}>
              {problem.kind} {problem.versionId ? `in version ${problem.versionId}` : ''} {problem.backend ? `on ${problem.backend}` : ''}
              {problem.repaired ? ' (repaired)' : ''}
            </li>
          ))}
          {report.problemsOmitted > 0 && <li>and {report.problemsOmitted} more</li>}
        </ul>
      )}
    </div>
  );
}
