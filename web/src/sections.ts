import type { MessageKey } from './i18n';
import { ADMIN_ROLES, CASE_ROLES } from './refdata';

export interface Section {
  path: string;
  title: MessageKey;
  description: MessageKey;
  /** Roles that may open it; any signed-in user when absent. */
  roles?: string[];
  /** Built already (otherwise a "coming soon" page). */
  ready?: boolean;
}

export const SECTIONS: Section[] = [
  { path: '/cases', title: 'nav.cases', description: 'desc.cases', ready: true },
  { path: '/referrals', title: 'nav.referrals', description: 'desc.referrals', roles: CASE_ROLES, ready: true },
  { path: '/directory', title: 'nav.directory', description: 'desc.directory', ready: true },
  { path: '/accreditation', title: 'nav.accreditation', description: 'desc.accreditation' },
  { path: '/coordination', title: 'nav.coordination', description: 'desc.coordination' },
  { path: '/statistics', title: 'nav.statistics', description: 'desc.statistics', roles: ['analyst', 'committee_member', 'system_admin'], ready: true },
  { path: '/admin', title: 'nav.admin', description: 'desc.admin', roles: ADMIN_ROLES, ready: true },
];

export function canOpen(section: Section, roles: string[]): boolean {
  return !section.roles || section.roles.some((r) => roles.includes(r));
}
