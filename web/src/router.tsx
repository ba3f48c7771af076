// A tiny history router: the server answers index.html for any non-API path, the UI routes itself.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function currentPath(): string {
  return location.pathname;
}

export function navigate(path: string, replace = false): void {
  if (path !== location.pathname) {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
  }
  listeners.forEach((f) => f());
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => listeners.forEach((f) => f()));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const f = () => setPath(currentPath());
    listeners.add(f);
    return () => {
      listeners.delete(f);
    };
  }, []);
  return path;
}

export function isActive(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
}

type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & {
  href: string;
  children: ComponentChildren;
  /** Mark the link aria-current="page" when it matches the current path. */
  current?: string;
};

export function Link({ href, current, children, onClick, ...rest }: LinkProps) {
  const handle = (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  const ariaCurrent = current !== undefined && isActive(current, href) ? 'page' : undefined;
  return (
    <a href={href} onClick={handle} aria-current={ariaCurrent} {...rest}>
      {children}
    </a>
  );
}
