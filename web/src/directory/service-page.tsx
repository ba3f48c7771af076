// One service of the directory, for anyone: what it offers, to whom, where and when. A confidential location
// (a shelter, a safe house) shows only its district and how to make contact; the server leaves its address out.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type DirLocation, type DirService, type Me, type ServiceAtLocation } from '../api';
import { ErrorBox, PageTitle } from '../components';
import { formatDate, GeoName } from '../cases/fields';
import { useI18n } from '../i18n';
import { CASE_ROLES } from '../refdata';
import { Link } from '../router';
import { CapacityLine, OpenBadge, ScheduleLines, StaleBadge, TaxonomyLabels, useLabel, useLanguages, useTaxonomy } from './common';
import { serviceDescription, serviceName } from './lib';

export const EDITOR_ROLES = ['directory_editor', 'system_admin', 'org_admin'];

export function ServicePage({ id, user }: { id: string; user: Me | null }) {
  const { t, n, lang } = useI18n();
  const terms = useTaxonomy();
  const label = useLabel();
  const languages = useLanguages();
  const [service, setService] = useState<DirService | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setService(null);
    api.dirService(id).then(setService).catch(setError);
  }, [id]);

  const back = (
    <p class="back-link">
      <Link href="/directory">← {t('dir.title')}</Link>
    </p>
  );
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <section>
        {back}
        <PageTitle>{t(notFound ? 'dir.serviceNotFound' : 'dir.title')}</PageTitle>
        {notFound ? <p>{t('dir.serviceNotFoundBody')}</p> : <ErrorBox error={error} />}
      </section>
    );
  }
  if (!service) return <p class="muted">{t('app.loading')}</p>;

  const s = service;
  const other = lang === 'ne' ? (s.name_ne ? s.name : '') : s.name_ne;
  const description = serviceDescription(s, lang);
  const caseWorker = !!user && user.roles.some((r) => CASE_ROLES.includes(r));
  const editor = !!user && user.roles.some((r) => EDITOR_ROLES.includes(r));
  const ages =
    s.minimum_age != null && s.maximum_age != null
      ? t('dir.agesBetween', { min: n(s.minimum_age), max: n(s.maximum_age) })
      : s.minimum_age != null
        ? t('dir.agesFrom', { min: n(s.minimum_age) })
        : s.maximum_age != null
          ? t('dir.agesUpTo', { max: n(s.maximum_age) })
          : '';

  return (
    <article class="service-page">
      {back}
      <header class="case-head">
        <div class="title-row">
          <PageTitle>{serviceName(s, lang)}</PageTitle>
          {editor && (
            <Link href={`/directory/manage/organizations/${s.organization_id}`} class="btn btn-small">
              {t('dir.editListing')}
            </Link>
          )}
        </div>
        {other && (
          <p class="muted" lang={lang === 'ne' ? 'en' : 'ne'}>
            {other}
          </p>
        )}
        <p class="case-sub">
          <span class="case-name">{s.organization_name}</span>
          {s.organization_sector && <span class="badge">{label('sector', s.organization_sector)}</span>}
          {s.status && s.status !== 'active' && <span class="badge badge-warn">{label('svcStatus', s.status)}</span>}
          <OpenBadge open={s.open_now} />
          <StaleBadge stale={s.stale} verified={s.last_verified} />
        </p>
        <TaxonomyLabels codes={s.taxonomy ?? []} terms={terms} />
      </header>

      {caseWorker && <p class="alert alert-ok">{t('dir.referHint')}</p>}
      {s.stale && <p class="alert alert-warn">{t(s.last_verified ? 'dir.staleBody' : 'dir.neverVerifiedBody')}</p>}
      {description && <p class="description">{description}</p>}

      <section class="panel" aria-labelledby="svc-who-h">
        <h2 id="svc-who-h">{t('dir.whoAndHow')}</h2>
        <dl class="facts compact">
          <Fact label={t('dir.eligibility')} wide>
            {s.eligibility_description}
          </Fact>
          <Fact label={t('dir.ages')}>{ages}</Fact>
          <Fact label={t('dir.sexes')}>
            {(s.sexes ?? []).length === 0
              ? t('dir.everyone')
              : (s.sexes ?? []).map((x) => label('dirSex', x)).join(', ')}
          </Fact>
          <Fact label={t('dir.targetGroups')}>{(s.target_groups ?? []).map((x) => label('targetGroup', x)).join(', ')}</Fact>
          <Fact label={t('dir.languages')}>{(s.languages ?? []).map((x) => languages.find((o) => o.value === x)?.label ?? label('langName', x)).join(', ')}</Fact>
          <Fact label={t('dir.fees')}>{s.free ? t('dir.free') : s.fees_description || t('dir.feesAsk')}</Fact>
          {s.free && s.fees_description ? <Fact label={t('dir.feesNote')}>{s.fees_description}</Fact> : null}
          <Fact label={t('dir.application')} wide>
            {s.application_process}
          </Fact>
          <Fact label={t('dir.documents')} wide>
            {(s.required_documents ?? []).length > 0 && (
              <ul class="plain">
                {(s.required_documents ?? []).map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact label={t('dir.areas')} wide>
            {(s.service_areas ?? []).length > 0 && (
              <>
                {(s.service_areas ?? []).map((c, i) => (
                  <span key={c}>
                    {i > 0 && ', '}
                    <GeoName code={c} />
                  </span>
                ))}
              </>
            )}
          </Fact>
          <Fact label={t('dir.phone')}>{s.phone}</Fact>
          <Fact label={t('dir.email')}>{s.email && <a href={`mailto:${s.email}`}>{s.email}</a>}</Fact>
          <Fact label={t('dir.website')}>{s.url && <a href={s.url} rel="noopener noreferrer" target="_blank">{s.url}</a>}</Fact>
        </dl>
      </section>

      {(s.capacity ?? []).length > 0 && (
        <section class="panel" aria-labelledby="svc-cap-h">
          <h2 id="svc-cap-h">{t('dir.capacity')}</h2>
          <ul class="plain">
            {(s.capacity ?? []).map((c, i) => (
              <li key={i}>
                <CapacityLine c={c} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="panel" aria-labelledby="svc-loc-h">
        <h2 id="svc-loc-h">{t('dir.locations')}</h2>
        {s.locations.length === 0 ? (
          <p class="muted">{t('dir.noLocations')}</p>
        ) : (
          <ul class="item-list">
            {s.locations.map((l) => (
              <LocationCard key={l.id} at={l} />
            ))}
          </ul>
        )}
      </section>

      <p class="muted small">
        {s.last_verified ? t('dir.verifiedOn', { date: formatDate(s.last_verified, 'day', lang) }) : t('dir.neverVerified')}
      </p>
    </article>
  );
}

/** A fact of the service; left out when the listing does not say. */
function Fact({ label, children, wide }: { label: string; children: ComponentChildren; wide?: boolean }) {
  const empty = children === undefined || children === null || children === '' || children === false;
  if (empty) return null;
  return (
    <div class={wide ? 'wide' : undefined}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A place the service is given: its address (unless withheld), how to reach it, its hours. */
function LocationCard({ at }: { at: ServiceAtLocation }) {
  const { t, n } = useI18n();
  const [loc, setLoc] = useState<DirLocation | null>(null);
  useEffect(() => {
    api.dirLocation(at.location_id).then(setLoc).catch(() => setLoc(null));
  }, [at.location_id]);
  const hidden = at.confidential || loc?.confidential || loc?.address_hidden;
  const withheld = !loc || loc.address_hidden || (!loc.address && hidden);
  return (
    <li class="item location">
      <div class="item-head">
        <h3>{loc?.name || at.location_name}</h3>
        {hidden && <span class="badge badge-warn">{t('dir.confidential')}</span>}
        {loc?.location_type === 'virtual' && <span class="badge">{t('locType.virtual')}</span>}
      </div>
      <dl class="facts compact">
        <div>
          <dt>{t('dir.district')}</dt>
          <dd>
            <GeoName code={loc?.district || at.district} />
          </dd>
        </div>
        {hidden && withheld ? (
          <div class="wide">
            <dt>{t('dir.address')}</dt>
            <dd>{t('dir.addressWithheld')}</dd>
          </div>
        ) : (
          loc && (
            <>
              <div class="wide">
                <dt>{t('dir.address')}</dt>
                <dd>
                  {[loc.address, loc.ward != null ? t('dir.ward', { n: n(loc.ward) }) : ''].filter(Boolean).join(', ') || t('common.none')}
                  {loc.local_level && (
                    <>
                      {', '}
                      <GeoName code={loc.local_level} />
                    </>
                  )}
                </dd>
              </div>
              {loc.phone && (
                <div>
                  <dt>{t('dir.phone')}</dt>
                  <dd>{loc.phone}</dd>
                </div>
              )}
            </>
          )
        )}
        {loc?.contact_route && (
          <div class="wide">
            <dt>{t('dir.contactRoute')}</dt>
            <dd>{loc.contact_route}</dd>
          </div>
        )}
        {loc?.description && (
          <div class="wide">
            <dt>{t('dir.description')}</dt>
            <dd>{loc.description}</dd>
          </div>
        )}
        <div class="wide">
          <dt>{t('dir.hours')}</dt>
          <dd>
            <ScheduleLines schedules={at.schedules ?? []} />
          </dd>
        </div>
      </dl>
    </li>
  );
}
