// A link to a trace screen that moves within the app (history entry pushed, query cache kept, so
// coming back through the breadcrumb finds the "linked from" answer cached), and still works as a
// link: middle-click, ctrl/cmd-click and "copy link" get the absolute URL.
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { focusRing } from '../../../ui/styles.ts';

/** The router's path for an absolute URL under the document's base (undefined when outside it). */
export function routerPath(href: string, baseUri: string): string | undefined {
  const base = new URL(baseUri);
  const url = new URL(href, base);
  const root = base.href.slice(0, base.href.lastIndexOf('/') + 1);
  if (!url.href.startsWith(root)) return undefined;
  return `/${url.href.slice(root.length)}`;
}

export function TraceAnchor(props: {
  href: string;
  children: ReactNode;
  className?: string;
  'aria-label'?: string;
  'aria-current'?: 'page' | 'true';
  'data-testid'?: string;
}) {
  const navigate = useNavigate();
  return (
    <a
      href={props.href}
      aria-label={props['aria-label']}
      aria-current={props['aria-current']}
      data-testid={props['data-testid']}
      className={`text-blue-700 underline dark:text-blue-300 ${focusRing} ${props.className ?? ''}`}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        const path = routerPath(props.href, document.baseURI);
        if (path === undefined) return;
        event.preventDefault();
        navigate(path);
      }}
    >
      {props.children}
    </a>
  );
}
