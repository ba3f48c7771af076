// Pure rules of the referral screens: the sections a referral may share and what each shows on the case page,
// which actions a side may take in which state, and how the consent-required answer is recognised.
import { ApiError, type Referral, type ReferralAction } from '../api';

/** What a referral may share with the receiving organisation, in the API's words. */
export const SHARED_SECTIONS = [
  'identity', 'contact', 'documents', 'trafficking', 'events', 'assessments', 'services', 'shelter_stays', 'justice',
] as const;
export type SharedSection = (typeof SHARED_SECTIONS)[number];
export const DEFAULT_SHARED: SharedSection[] = ['identity', 'contact', 'assessments'];

export const URGENCIES = ['low', 'normal', 'high', 'emergency'] as const;
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled', 'expired'] as const;

/** Sections in the order of SHARED_SECTIONS, unknown ones left out. */
export function orderSections(sections: readonly string[]): SharedSection[] {
  return SHARED_SECTIONS.filter((s) => sections.includes(s));
}

/** Case page tabs (their slugs) a reader by referral sees: the summary and those with a shared section. */
export function referralTabs(sections: readonly string[]): string[] {
  const has = (...s: string[]) => s.some((x) => sections.includes(x));
  const tabs = [''];
  if (has('identity', 'contact', 'documents')) tabs.push('person');
  if (has('trafficking')) tabs.push('profile');
  if (has('events')) tabs.push('timeline');
  if (has('assessments', 'services', 'shelter_stays')) tabs.push('plan');
  if (has('justice')) tabs.push('justice');
  return tabs;
}

/** Item kinds of the "Plan and services" tab that were shared (other kinds answer 404: never asked for). */
export function sharedPlanKinds(sections: readonly string[]): ('assessments' | 'services' | 'shelter-stays')[] {
  const out: ('assessments' | 'services' | 'shelter-stays')[] = [];
  if (sections.includes('assessments')) out.push('assessments');
  if (sections.includes('services')) out.push('services');
  if (sections.includes('shelter_stays')) out.push('shelter-stays');
  return out;
}

/** Which groups of the person form (by index in PERSON_GROUPS) a shared section covers. */
export function sharedPersonGroups(sections: readonly string[]): number[] {
  const out: number[] = [];
  if (sections.includes('identity')) out.push(0); // who: names, sex, birth, age
  if (sections.includes('contact')) out.push(1); // contact and address
  if (sections.includes('documents')) out.push(2); // identity documents
  if (sections.includes('identity')) out.push(3); // languages and background
  if (sections.includes('contact')) out.push(4); // guardian
  return out;
}

export type Side = 'sender' | 'recipient' | '';

/** The side of a referral an organisation is on. */
export function sideOf(r: Pick<Referral, 'sender_organization_id' | 'recipient_organization_id'>, orgId: string): Side {
  if (r.recipient_organization_id === orgId) return 'recipient';
  if (r.sender_organization_id === orgId) return 'sender';
  return '';
}

/** The actions open to a side in the referral's state (the server decides in the end). */
export function referralActions(r: Pick<Referral, 'status'>, side: Side): ReferralAction[] {
  if (side === 'recipient') {
    if (r.status === 'sent') return ['accept', 'decline'];
    if (r.status === 'accepted') return ['start'];
    if (r.status === 'in_progress') return ['complete'];
  }
  if (side === 'sender' && ['sent', 'accepted', 'in_progress'].includes(r.status)) return ['cancel'];
  return [];
}

/** The text an action sends, and whether it must be given. */
export function actionText(action: ReferralAction): { field: 'note' | 'reason' | 'outcome'; required: boolean } {
  if (action === 'decline' || action === 'cancel') return { field: 'reason', required: true };
  if (action === 'complete') return { field: 'outcome', required: true };
  return { field: 'note', required: false };
}

/** The recipient may open the case while the referral is accepted or in progress. */
export function canOpenSharedCase(r: Pick<Referral, 'status'>, side: Side): boolean {
  return side === 'recipient' && (r.status === 'accepted' || r.status === 'in_progress');
}

/** The 409 that asks for the survivor's informed consent to share with the recipient. */
export function isConsentRequired(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409 && e.type.endsWith('consent-required');
}
