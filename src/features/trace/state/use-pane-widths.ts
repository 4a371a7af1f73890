// The waterfall's name column and the span panel, dragged wider or narrower; kept by the screen so
// they survive a visit to another view.
import { useMemo, useState } from 'react';

export interface PaneWidths {
  name: number;
  setName: (px: number) => void;
  panel: number;
  setPanel: (px: number) => void;
}

export function usePaneWidths(): PaneWidths {
  const [name, setName] = useState(360);
  const [panel, setPanel] = useState(420);
  return useMemo(() => ({ name, setName, panel, setPanel }), [name, panel]);
}
