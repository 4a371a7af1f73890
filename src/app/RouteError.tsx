import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Notice } from '../ui/Notice';
import { linkText } from '../ui/styles';

/** Shown in place of a page that threw while rendering or loading: says what happened, offers a way out. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <Notice tone="error">
        <p className="whitespace-pre-wrap">{message}</p>
      </Notice>
      <p>
        <Link to="/" className={linkText}>
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
