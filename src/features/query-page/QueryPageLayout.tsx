// The frame of a query page (`/logs`, `/metrics`): title, a warning when no datasource of its type
// is configured, the form (query box; datasource, time range, the page's own fields, Run query),
// then the page's results.
import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { DatasourceSelect, QueryTextarea } from './QueryFormFields';
import { RangeFields } from './RangeFields';
import type { QueryDraft, QueryPage, QueryUrlState } from './use-query-page';

export interface QueryPageLayoutProps<S extends QueryUrlState, D extends QueryDraft> {
  page: QueryPage<S, D>;
  title: string;
  /** The query language (`LogQL`, `PromQL`): the query box's label and the form's name. */
  language: string;
  placeholder?: string;
  /** Ctrl/Cmd+Enter runs the query even with Shift held. */
  modifiedEnterRuns?: boolean;
  /** Shown when the config has no datasource of the page's type. */
  noDatasource: string;
  /** Shown below that notice: how to get a datasource of the type. */
  noDatasourceHint?: ReactNode;
  /** The page's own fields, between the time range and Run query. */
  fields?: ReactNode;
  children?: ReactNode;
}

export function QueryPageLayout<S extends QueryUrlState, D extends QueryDraft>(
  props: QueryPageLayoutProps<S, D>,
) {
  const { page } = props;
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-4 sm:p-6">
      <title>{`${props.title} · Tracelight`}</title>
      <h1 className="text-2xl font-semibold">{props.title}</h1>
      {page.configLoaded && page.datasources.length === 0 && (
        <>
          <Notice tone="warning">{props.noDatasource}</Notice>
          {props.noDatasourceHint}
        </>
      )}
      <form onSubmit={page.submit} className="flex flex-col gap-3" aria-label={`${props.language} query`}>
        <QueryTextarea
          label={props.language}
          placeholder={props.placeholder}
          value={page.draft.q}
          onChange={(q) => page.edit({ q } as Partial<D>)}
          modifiedEnterRuns={props.modifiedEnterRuns}
        />
        <div className="flex flex-wrap items-end gap-3">
          <DatasourceSelect
            datasources={page.datasources}
            value={page.datasource?.name ?? ''}
            onChange={(ds) => page.edit({ ds } as Partial<D>)}
          />
          <RangeFields
            from={page.draft.from}
            to={page.draft.to}
            onFrom={(from) => page.edit({ from } as Partial<D>)}
            onTo={(to) => page.edit({ to } as Partial<D>)}
          />
          {props.fields}
          <Button type="submit" variant="primary">
            Run query
          </Button>
        </div>
      </form>
      {props.children}
    </div>
  );
}
