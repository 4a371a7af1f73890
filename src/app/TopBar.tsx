import { Link, NavLink } from 'react-router';
import { OpenTraceForm } from '../features/home/OpenTraceForm';
import { ThemeToggle } from '../features/settings';
import { DatasourcePicker } from '../features/trace-datasource';
import { focusRing } from '../ui/styles';

const NAV_ITEMS = [
  { to: '/search', label: 'Search' },
  { to: '/services', label: 'Services' },
  { to: '/logs', label: 'Logs' },
  { to: '/metrics', label: 'Metrics' },
  { to: '/settings', label: 'Settings' },
] as const;

export function TopBar() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2">
        <Link to="/" className={`rounded text-lg font-semibold tracking-tight ${focusRing}`}>
          <span className="text-amber-600 dark:text-amber-400" aria-hidden="true">
            ◆{' '}
          </span>
          Tracelight
        </Link>
        <OpenTraceForm />
        <DatasourcePicker />
        <nav aria-label="Main" className="flex items-center gap-1">
          {NAV_ITEMS.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              className={({ isActive }) =>
                `rounded-md px-2.5 py-1.5 text-sm font-medium ${focusRing} ${
                  isActive
                    ? 'bg-slate-200 text-slate-950 dark:bg-slate-700 dark:text-white'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                }`
              }
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
