// The trace datasource last chosen in the top bar's picker, remembered across visits. Routes that
// carry `ds` in their URL (search, trace) show the URL's value instead: the URL is the source of truth
// for anything a link must carry; this is only the default for the next search or opened trace.

import { create } from 'zustand';
import { type SafeStorage, safeLocalStorage } from './local-storage';

export const DATASOURCE_STORAGE_KEY = 'tracelight.traceDatasource';

/** The picker's "All trace datasources" choice (never a datasource name: names are `[a-z0-9-]+`). */
export const ALL_DATASOURCES = '*';

export interface DatasourceChoiceState {
  /** A datasource name, ALL_DATASOURCES, or null when the user never chose (the config's default applies). */
  chosen: string | null;
  choose(choice: string): void;
}

export function createDatasourceStore(storage: SafeStorage) {
  return create<DatasourceChoiceState>()((set) => ({
    chosen: storage.get(DATASOURCE_STORAGE_KEY),
    choose(choice) {
      storage.set(DATASOURCE_STORAGE_KEY, choice);
      set({ chosen: choice });
    },
  }));
}

export const useDatasourceStore = createDatasourceStore(safeLocalStorage);
