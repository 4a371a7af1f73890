// The way from a trace's or span's log lines to the full Logs screen, with the same query and window.
import { Link } from 'react-router';
import { linkText } from '../../ui/styles';

export function OpenInLogs({ to }: { to: string }) {
  return (
    <Link to={to} className={`${linkText} block`} data-testid="open-in-logs">
      Open in Logs
    </Link>
  );
}
