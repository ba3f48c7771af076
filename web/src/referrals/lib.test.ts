import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import {
  actionText,
  canOpenSharedCase,
  isConsentRequired,
  orderSections,
  referralActions,
  referralTabs,
  sharedPersonGroups,
  sharedPlanKinds,
  sideOf,
} from './lib';

describe('shared sections', () => {
  it('keep the API order and drop unknown names', () => {
    expect(orderSections(['assessments', 'identity', 'bogus', 'contact'])).toEqual(['identity', 'contact', 'assessments']);
  });

  it('decide the tabs a reader by referral sees', () => {
    expect(referralTabs(['identity', 'contact', 'assessments'])).toEqual(['', 'person', 'plan']);
    expect(referralTabs(['trafficking', 'events', 'justice'])).toEqual(['', 'profile', 'timeline', 'justice']);
    expect(referralTabs([])).toEqual(['']);
    // Consent, follow-ups, notes and the access log are never shared.
    expect(referralTabs(['identity', 'contact', 'documents', 'trafficking', 'events', 'assessments', 'services', 'shelter_stays', 'justice']))
      .toEqual(['', 'person', 'profile', 'timeline', 'plan', 'justice']);
  });

  it('ask only for the shared kinds of the plan tab', () => {
    expect(sharedPlanKinds(['assessments'])).toEqual(['assessments']);
    expect(sharedPlanKinds(['services', 'shelter_stays'])).toEqual(['services', 'shelter-stays']);
  });

  it('show only the shared groups of the person', () => {
    expect(sharedPersonGroups(['identity'])).toEqual([0, 3]);
    expect(sharedPersonGroups(['contact'])).toEqual([1, 4]);
    expect(sharedPersonGroups(['documents'])).toEqual([2]);
  });
});

describe('referral actions', () => {
  const r = { sender_organization_id: 'S', recipient_organization_id: 'R' };
  it('know the side', () => {
    expect(sideOf(r, 'S')).toBe('sender');
    expect(sideOf(r, 'R')).toBe('recipient');
    expect(sideOf(r, 'X')).toBe('');
  });

  it('follow the states', () => {
    expect(referralActions({ status: 'sent' }, 'recipient')).toEqual(['accept', 'decline']);
    expect(referralActions({ status: 'accepted' }, 'recipient')).toEqual(['start']);
    expect(referralActions({ status: 'in_progress' }, 'recipient')).toEqual(['complete']);
    expect(referralActions({ status: 'completed' }, 'recipient')).toEqual([]);
    for (const s of ['sent', 'accepted', 'in_progress']) expect(referralActions({ status: s }, 'sender')).toEqual(['cancel']);
    for (const s of ['declined', 'completed', 'cancelled', 'expired']) expect(referralActions({ status: s }, 'sender')).toEqual([]);
    expect(referralActions({ status: 'sent' }, '')).toEqual([]);
  });

  it('require reasons and outcomes', () => {
    expect(actionText('decline')).toEqual({ field: 'reason', required: true });
    expect(actionText('cancel')).toEqual({ field: 'reason', required: true });
    expect(actionText('complete')).toEqual({ field: 'outcome', required: true });
    expect(actionText('accept')).toEqual({ field: 'note', required: false });
  });

  it('open the shared case only to the recipient while accepted or in progress', () => {
    expect(canOpenSharedCase({ status: 'accepted' }, 'recipient')).toBe(true);
    expect(canOpenSharedCase({ status: 'in_progress' }, 'recipient')).toBe(true);
    expect(canOpenSharedCase({ status: 'completed' }, 'recipient')).toBe(false);
    expect(canOpenSharedCase({ status: 'accepted' }, 'sender')).toBe(false);
  });

  it('recognise the consent-required answer', () => {
    expect(isConsentRequired(new ApiError(409, { type: 'urn:samman:problem:consent-required' }))).toBe(true);
    expect(isConsentRequired(new ApiError(409, { type: 'urn:samman:problem:conflict' }))).toBe(false);
    expect(isConsentRequired(new ApiError(400, { type: 'urn:samman:problem:consent-required' }))).toBe(false);
    expect(isConsentRequired(new Error('x'))).toBe(false);
  });
});
