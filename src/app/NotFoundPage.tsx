import { Link, useLocation } from 'react-router';
import { linkText } from '../ui/styles';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-3 p-8">
      <title>Not found · Tracelight</title>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-700 dark:text-slate-300">
        There is no page at <code className="font-mono break-all">{location.pathname}</code>.
      </p>
      <p>
        <Link to="/" className={linkText}>
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
