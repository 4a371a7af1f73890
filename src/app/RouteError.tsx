import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Button } from '../ui/Button';
import { Notice } from '../ui/Notice';
import { linkText } from '../ui/styles';

/**
 * A screen's code that can no longer be fetched: after a redeploy the old chunk names are gone, and
 * only a reload (fetching the new index) brings the page back. Browsers word it differently.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|ChunkLoadError|Unable to preload CSS/i.test(
    message,
  );
}

/** Shown in place of a page that threw while rendering or loading: says what happened, offers a way out. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  const stale = isChunkLoadError(error);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
      <h1 className="text-2xl font-semibold">{stale ? 'Tracelight was updated' : 'Something went wrong'}</h1>
      {stale ? (
        <p>
          This page's code could not be loaded, most likely because a new version was deployed. Reload to get
          it.
        </p>
      ) : null}
      <Notice tone="error">
        <p className="whitespace-pre-wrap">{message}</p>
      </Notice>
      <p className="flex items-center gap-3">
        <Button variant={stale ? 'primary' : 'secondary'} onClick={() => window.location.reload()}>
          Reload
        </Button>
        <Link to="/" className={linkText}>
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
