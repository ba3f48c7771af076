// The Directory section: /directory (search, public), /directory/services/:id (one service, public),
// /directory/manage[/organizations/:id] (editors). Rendered for signed-in users in the shell and for anonymous
// visitors in the public frame (app.tsx).
import { useRef } from 'preact/hooks';
import type { Me } from '../api';
import { MessagePage } from '../pages/simple';
import { ManageHome, ManageOrganization } from './manage';
import { DirectorySearch, type DirMemory } from './search';
import { EDITOR_ROLES, ServicePage } from './service-page';

/** Paths of the directory anyone may open without signing in. */
export function isPublicDirectoryPath(path: string): boolean {
  return path === '/directory' || path === '/directory/' || /^\/directory\/services\/[^/]+\/?$/.test(path);
}

export function DirectorySection({ path, user }: { path: string; user: Me | null }) {
  const memory = useRef<DirMemory | null>(null);
  const parts = path.split('/').filter(Boolean); // ["directory", ...]
  if (parts.length === 1) return <DirectorySearch user={user} memory={memory} />;
  if (parts[1] === 'services' && parts.length === 3) return <ServicePage key={parts[2]} id={decodeURIComponent(parts[2]!)} user={user} />;
  if (parts[1] === 'manage') {
    if (!user || !user.roles.some((r) => EDITOR_ROLES.includes(r))) return <MessagePage title="forbidden.title" body="dir.editorsOnly" />;
    if (parts.length === 2) return <ManageHome />;
    if (parts[2] === 'organizations' && parts.length === 4) {
      return <ManageOrganization key={parts[3]} id={decodeURIComponent(parts[3]!)} user={user} />;
    }
  }
  return <MessagePage title="notFound.title" body="notFound.body" />;
}
