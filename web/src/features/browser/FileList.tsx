import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { formatBytes, formatDate } from '../../components/format';
import { fileGlyph } from './file-icon';
import type { useSelection } from './selection';

export type ViewMode = 'list' | 'grid';

interface FileListProps {
  readonly items: readonly NodeDto[];
  readonly view: ViewMode;
  readonly selection: ReturnType<typeof useSelection>;
  readonly onOpen: (node: NodeDto) => void;
  readonly onDelete: () => void;
  /** Extra text per item (search results show the folder). */
  readonly describe?: (node: NodeDto) => string | undefined;
  readonly label: string;
}

const listRowHeight = 48;
const gridCellHeight = 132;
const gridCellWidth = 150;
const overscan = 6;

/**
 * The folder's items, virtualized: only the rows in view (plus a few) exist in the DOM, so a folder of
 * 10,000 files renders and scrolls like one of 10. A grid with aria-rowcount/aria-rowindex keeps the
 * full size known to assistive technology; the focused row is the only tab stop (roving tabindex).
 */
export function FileList({ items, view, selection, onOpen, onDelete, describe, label }: FileListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 600, width: 800 });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = (): void => setViewport({ top: element.scrollTop, height: element.clientHeight, width: element.clientWidth });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const columns = view === 'grid' ? Math.max(1, Math.floor(viewport.width / gridCellWidth)) : 1;
  const rowHeight = view === 'grid' ? gridCellHeight : listRowHeight;
  const rowCount = Math.ceil(items.length / columns);
  const firstRow = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const lastRow = Math.min(rowCount - 1, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);

  // Keep the cursor's row in view when the keyboard moves it, and move focus to it once it is rendered
  // (a far jump, like End, first needs the scroll to render that row).
  const pendingFocus = useRef<number | undefined>(undefined);
  useEffect(() => {
    const element = scroller.current;
    if (!element || !element.contains(document.activeElement)) return;
    const row = Math.floor(selection.cursor / columns);
    const top = row * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    pendingFocus.current = selection.cursor;
    setViewport((current) => (current.top === element.scrollTop ? current : { ...current, top: element.scrollTop }));
  }, [selection.cursor, columns, rowHeight]);
  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    const target = scroller.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`);
    if (target) {
      target.focus();
      pendingFocus.current = undefined;
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = { ArrowDown: columns, ArrowUp: -columns, ArrowRight: view === 'grid' ? 1 : 0, ArrowLeft: view === 'grid' ? -1 : 0 }[event.key];
    if (step !== undefined && step !== 0) {
      event.preventDefault();
      selection.moveCursor(selection.cursor + step, event.shiftKey);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      selection.moveCursor(event.key === 'Home' ? 0 : items.length - 1, event.shiftKey);
    } else if (event.key === ' ') {
      event.preventDefault();
      selection.toggleCursor();
    } else if (event.key === 'Enter') {
      const node = items[selection.cursor];
      if (node) onOpen(node);
    } else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      selection.selectAll();
    } else if (event.key === 'Delete') {
      onDelete();
    } else if (event.key === 'Escape') {
      selection.clear();
    }
  };

  const rows = [];
  for (let row = firstRow; row <= lastRow; row++) {
    const cells = [];
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      const node = items[index];
      if (!node) break;
      const selected = selection.selected.has(node.id);
      const extra = describe?.(node);
      cells.push(
        <div
          key={node.id}
          role="gridcell"
          aria-selected={selected}
          className={`cell${selected ? ' selected' : ''}`}
          data-index={index}
          data-testid="file-item"
          data-name={node.name}
          tabIndex={index === selection.cursor ? 0 : -1}
          onClick={(event) => selection.click(index, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey })}
          onDoubleClick={() => onOpen(node)}
        >
          <input
            type="checkbox"
            tabIndex={-1}
            checked={selected}
            aria-label={`Select ${node.name}`}
            onClick={(event) => event.stopPropagation()}
            onChange={() => selection.toggle(node.id)}
          />
          <Glyph node={node} />
          <span className="name">
            <button type="button" tabIndex={-1} className="link open" onClick={() => onOpen(node)}>
              {node.name}
            </button>
            {node.passphraseProtected && <span className="badge">passphrase</span>}
            {extra && <span className="where">{extra}</span>}
          </span>
          {view === 'list' && <span className="size">{node.type === 'file' ? formatBytes(node.size) : ''}</span>}
          {view === 'list' && <span className="date">{formatDate(node.modifiedAt)}</span>}
        </div>,
      );
    }
    rows.push(
      <div key={row} role="row" aria-rowindex={row + 1} className="grid-row" style={{ transform: `translateY(${row * rowHeight}px)`, height: rowHeight }}>
        {cells}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className={`file-list view-${view}`}
      role="grid"
      aria-label={label}
      aria-multiselectable="true"
      aria-rowcount={rowCount}
      onScroll={(event) => {
        // Read now: React clears currentTarget once the handler returns, before a state updater runs.
        const top = event.currentTarget.scrollTop;
        setViewport((current) => ({ ...current, top }));
      }}
      onKeyDown={onKeyDown}
    >
      <div className="file-list-inner" style={{ height: rowCount * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}

function Glyph({ node }: { node: NodeDto }) {
  const glyph = fileGlyph(node);
  return (
    <span className={`glyph glyph-${glyph.tone}`} aria-hidden="true">
      {glyph.label}
    </span>
  );
}
