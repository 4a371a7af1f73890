import type { DatasourceConfig } from '../config/types.ts';
import type { InProcessDatasource } from './in-process.ts';

export type RegisteredDatasource =
  | { kind: 'proxied'; config: DatasourceConfig }
  | { kind: 'in-process'; datasource: InProcessDatasource };

/** The datasources the gateway answers for, by name: configured upstreams and in-process ones. */
export class DatasourceRegistry {
  private readonly byName = new Map<string, RegisteredDatasource>();

  constructor(configured: readonly DatasourceConfig[], inProcess: readonly InProcessDatasource[] = []) {
    for (const config of configured) this.byName.set(config.name, { kind: 'proxied', config });
    for (const datasource of inProcess) this.registerInProcess(datasource);
  }

  registerInProcess(datasource: InProcessDatasource): void {
    if (this.byName.has(datasource.name)) {
      throw new Error(`datasource name ${JSON.stringify(datasource.name)} is already taken`);
    }
    this.byName.set(datasource.name, { kind: 'in-process', datasource });
  }

  get(name: string): RegisteredDatasource | undefined {
    return this.byName.get(name);
  }

  proxied(): DatasourceConfig[] {
    return [...this.byName.values()].flatMap((entry) => (entry.kind === 'proxied' ? [entry.config] : []));
  }

  inProcess(): InProcessDatasource[] {
    return [...this.byName.values()].flatMap((entry) =>
      entry.kind === 'in-process' ? [entry.datasource] : [],
    );
  }
}
