import { useCallback, useState } from 'react';

export interface Selection {
  readonly selected: ReadonlySet<string>;
  /** Index of the item with keyboard focus (the "cursor"). */
  readonly cursor: number;
  readonly anchor: number;
}

/**
 * Multi-selection as file managers do it: click selects one, Ctrl/⌘-click toggles, Shift-click and
 * Shift+arrows extend from the anchor, Space toggles the cursor's item, Ctrl/⌘+A selects all.
 */
export function useSelection(ids: readonly string[]) {
  const [state, setState] = useState<Selection>({ selected: new Set(), cursor: 0, anchor: 0 });

  const range = useCallback((from: number, to: number) => new Set(ids.slice(Math.min(from, to), Math.max(from, to) + 1)), [ids]);

  const click = useCallback(
    (index: number, modifiers: { shift: boolean; toggle: boolean }) =>
      setState((current) => {
        const id = ids[index];
        if (id === undefined) return current;
        if (modifiers.shift) return { selected: range(current.anchor, index), cursor: index, anchor: current.anchor };
        if (modifiers.toggle) {
          const selected = new Set(current.selected);
          if (selected.has(id)) selected.delete(id);
          else selected.add(id);
          return { selected, cursor: index, anchor: index };
        }
        return { selected: new Set([id]), cursor: index, anchor: index };
      }),
    [ids, range],
  );

  const moveCursor = useCallback(
    (index: number, extend: boolean) =>
      setState((current) => {
        const clamped = Math.max(0, Math.min(ids.length - 1, index));
        return extend
          ? { selected: range(current.anchor, clamped), cursor: clamped, anchor: current.anchor }
          : { ...current, cursor: clamped, anchor: clamped };
      }),
    [ids, range],
  );

  const toggleCursor = useCallback(() => setState((current) => ({ ...current, selected: toggled(current.selected, ids[current.cursor]) })), [ids]);
  const toggle = useCallback((id: string) => setState((current) => ({ ...current, selected: toggled(current.selected, id) })), []);
  const selectAll = useCallback(() => setState((current) => ({ ...current, selected: new Set(ids) })), [ids]);
  const clear = useCallback(() => setState({ selected: new Set(), cursor: 0, anchor: 0 }), []);

  return { ...state, click, moveCursor, toggleCursor, toggle, selectAll, clear };
}

function toggled(selected: ReadonlySet<string>, id: string | undefined): Set<string> {
  const next = new Set(selected);
  if (id === undefined) return next;
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
